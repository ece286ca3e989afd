using System.Text.Json;
using SemanticRouter.Routing.Encoders;

namespace SemanticRouter.Routing.Tests.Encoders;

/// <summary>The shipped encoder on ONNX Runtime in C# agrees with PyTorch (models/encoder/reference.json).</summary>
public sealed class OnnxEncoderTests
{
    private static readonly Lazy<OnnxEncoder> Encoder = new(() => OnnxEncoder.Load(ShippedModels.Encoder, normalize: false));

    public static TheoryData<int> Items() => new(Enumerable.Range(0, Reference().GetProperty("items").GetArrayLength()));

    [Theory]
    [MemberData(nameof(Items))]
    public void Tokens_and_embedding_match_pytorch(int index) => EncoderReference.AssertMatches(Encoder.Value, Reference(), index);

    [Fact]
    public void Embed_is_safe_from_many_threads()
    {
        var texts = Enumerable.Range(0, 64).Select(i => $"question {i}: 求 {i} 的平方根").ToArray();
        var serial = texts.Select(t => { var v = new float[Encoder.Value.Dimension]; Encoder.Value.Embed(t, v); return v; }).ToArray();
        var parallel = new float[texts.Length][];
        Parallel.For(0, texts.Length, i => { parallel[i] = new float[Encoder.Value.Dimension]; Encoder.Value.Embed(texts[i], parallel[i]); });
        for (var i = 0; i < texts.Length; i++) Assert.Equal(serial[i], parallel[i]);
    }

    [Fact]
    public void Normalized_embeddings_have_unit_length()
    {
        using var encoder = OnnxEncoder.Load(ShippedModels.Encoder);
        var v = new float[encoder.Dimension];
        encoder.Embed("Write a haiku about autumn rain", v);
        var pooled = v.AsSpan(0, 128).ToArray(); // the signals after it are probabilities, not part of the unit vector
        Assert.Equal(1, Math.Sqrt(pooled.Sum(x => (double)x * x)), 4);
    }

    [Fact]
    public void A_config_naming_a_missing_output_is_a_clear_error()
    {
        var folder = Directory.CreateTempSubdirectory("semrouter-enc-").FullName;
        try
        {
            foreach (var file in new[] { "model.onnx", "vocab.txt" }) File.Copy(Path.Combine(ShippedModels.Encoder, file), Path.Combine(folder, file));
            File.WriteAllText(Path.Combine(folder, "config.json"), """{"output_name": "pooler_output"}""");
            var error = Assert.Throws<InvalidDataException>(() => OnnxEncoder.Load(folder));
            Assert.Contains("pooler_output", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static JsonElement Reference() => EncoderReference.Load(Path.Combine(AppContext.BaseDirectory, "encoder-reference.json"));
}
