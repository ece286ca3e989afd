using System.Text.Json;
using SemanticRouter.Routing.Encoders;

namespace SemanticRouter.Routing.Tests.Encoders;

/// <summary>The shipped text view in C# reads text as its Python trainer does (models/encoder/text_view.json's reference).</summary>
public sealed class TextViewTests
{
    private static readonly string JsonPath = Path.Combine(ShippedModels.Encoder, "text_view.json");
    private static readonly Lazy<TextView> View = new(() => TextView.Load(JsonPath));

    public static TheoryData<int> Items() => new(Enumerable.Range(0, Reference().GetArrayLength()));

    [Theory]
    [MemberData(nameof(Items))]
    public void Probabilities_match_the_trainer(int index)
    {
        var entry = Reference()[index];
        var expected = entry.GetProperty("probabilities").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var actual = new float[View.Value.LabelCount];
        View.Value.Write(entry.GetProperty("text").GetString()!, actual);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-4);
    }

    [Fact]
    public void Only_the_start_of_a_long_prompt_is_read()
    {
        var start = new string('x', TextView.MaxUnits);
        float[] a = new float[View.Value.LabelCount], b = new float[View.Value.LabelCount];
        View.Value.Write(start + " 用Python写一个快速排序", a);
        View.Value.Write(start + " Write a short poem about autumn rain.", b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_blob_of_the_wrong_size_is_a_clear_error()
    {
        var folder = Directory.CreateTempSubdirectory("semrouter-view-").FullName;
        try
        {
            File.Copy(JsonPath, Path.Combine(folder, "text_view.json"));
            File.WriteAllBytes(Path.Combine(folder, "text_view.bin"), new byte[12]);
            var error = Assert.Throws<InvalidDataException>(() => TextView.Load(Path.Combine(folder, "text_view.json")));
            Assert.Contains("12 bytes", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static JsonElement Reference() => JsonDocument.Parse(File.ReadAllText(JsonPath)).RootElement.GetProperty("reference");
}
