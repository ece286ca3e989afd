using System.Text.Json;
using SemanticRouter.Routing.Encoders;

namespace SemanticRouter.Routing.Tests.Encoders;

/// <summary>Checks an encoder folder against the reference.json its PyTorch export wrote: same token ids, same embedding.</summary>
internal static class EncoderReference
{
    public static void AssertMatches(OnnxEncoder encoder, JsonElement reference, int item)
    {
        var entry = reference.GetProperty("items")[item];
        var text = entry.GetProperty("text").GetString()!;
        var expectedIds = entry.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal(expectedIds, encoder.Tokenizer.Encode(text, encoder.MaxLength));

        var expected = entry.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var actual = new float[encoder.Dimension];
        encoder.Embed(text, actual);
        var tolerance = reference.GetProperty("tolerance").GetDouble();
        // The reference's signals (softmax of each fine-tuning head) follow the pooled vector, head after head, then
        // the outer product of every pair of heads (EncoderSignals.Format).
        if (entry.TryGetProperty("signals", out var signals))
        {
            var view = TextViewReference(encoder.Folder, text);
            var heads = signals.EnumerateObject().Select(h => h.Value.EnumerateArray().Select(e => e.GetSingle()).ToArray())
                .Zip(signals.EnumerateObject(), (p, h) => view is { } v && v.Head == h.Name ? p.Zip(v.P, (a, b) => (a + b) / 2).ToArray() : p)
                .ToList();
            var pairs = heads.SelectMany((a, i) => heads.Skip(i + 1).SelectMany(b => a.SelectMany(x => b.Select(y => x * y))));
            expected = [.. expected, .. heads.SelectMany(h => h), .. pairs];
        }
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{text}: dimension {i}: PyTorch {expected[i]}, ONNX Runtime {actual[i]}");
    }

    /// <summary>The encoder's text view, if it has one, averages into one head: its trainer's probabilities for this text.</summary>
    private static (string Head, float[] P)? TextViewReference(string folder, string text)
    {
        if (EncoderConfig.Load(folder).TextView is not { } file) return null;
        var view = Load(Path.Combine(folder, file));
        var entry = view.GetProperty("reference").EnumerateArray().First(e => e.GetProperty("text").GetString() == text);
        return (view.GetProperty("head").GetString()!, entry.GetProperty("probabilities").EnumerateArray().Select(e => e.GetSingle()).ToArray());
    }

    public static JsonElement Load(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;
}
