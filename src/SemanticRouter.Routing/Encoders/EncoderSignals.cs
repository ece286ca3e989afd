using System.Text.Json;
using System.Text.Json.Serialization;

namespace SemanticRouter.Routing.Encoders;

/// <summary>
/// Optional <c>signals.json</c> of an encoder folder: small linear heads the encoder was fine-tuned with (for the
/// shipped encoder: the question's domain and difficulty), over the mean-pooled embedding. Their softmax outputs
/// are appended to the embedding as routing signals; which model suits which signal is still learned by the
/// routing head from recorded scores.
/// </summary>
public sealed class EncoderSignals
{
    /// <summary>Names how the outputs are laid out; part of the encoder version, so caches and heads follow a change.</summary>
    public const string Format = "softmax+pairs/1";

    [JsonPropertyName("heads")] public List<SignalHead> Heads { get; set; } = [];

    /// <summary>Optional second view of one head, read from the text itself; averaged with that head's output.</summary>
    [JsonIgnore] public TextView? View { get; private set; }

    /// <summary>
    /// Outputs: each head's probabilities, then, for every pair of heads, their outer product (the joint of, say,
    /// domain and difficulty), so a linear model on top can tell "hard math" from "easy math".
    /// </summary>
    public int Count => Heads.Sum(h => h.Labels.Count) + Pairs().Sum(p => p.A.Labels.Count * p.B.Labels.Count);

    private IEnumerable<(SignalHead A, SignalHead B)> Pairs() =>
        Heads.SelectMany((a, i) => Heads.Skip(i + 1).Select(b => (a, b)));

    public static EncoderSignals Load(string path, string? textViewPath = null)
    {
        using var stream = File.OpenRead(path);
        var signals = JsonSerializer.Deserialize(stream, RoutingJsonContext.Default.EncoderSignals) ?? new EncoderSignals();
        foreach (var head in signals.Heads)
            if (head.Weight.Count != head.Labels.Count || head.Bias.Count != head.Labels.Count)
                throw new InvalidDataException($"{path}: head '{head.Name}' has {head.Labels.Count} labels but {head.Weight.Count} weight rows.");
        if (textViewPath is null) return signals;
        var view = TextView.Load(textViewPath);
        if (signals.Heads.Find(h => h.Name == view.Head) is not { } viewed || viewed.Labels.Count != view.LabelCount)
            throw new InvalidDataException($"{textViewPath}: no head '{view.Head}' with {view.LabelCount} labels in {path}.");
        signals.View = view;
        return signals;
    }

    /// <summary>
    /// Writes each head's softmax over <paramref name="pooled"/> into <paramref name="into"/>, head after head (the
    /// viewed head's averaged with <see cref="View"/>'s reading of <paramref name="text"/>), then the pairs.
    /// </summary>
    public void Write(ReadOnlySpan<float> pooled, string text, Span<float> into)
    {
        var offset = 0;
        Span<float> read = stackalloc float[View?.LabelCount ?? 0];
        foreach (var head in Heads)
        {
            var output = into.Slice(offset, head.Labels.Count);
            for (var k = 0; k < output.Length; k++)
                output[k] = head.Bias[k] + System.Numerics.Tensors.TensorPrimitives.Dot(head.Weight[k].AsSpan(), pooled);
            System.Numerics.Tensors.TensorPrimitives.SoftMax(output, output);
            if (View is { } view && view.Head == head.Name)
            {
                view.Write(text, read);
                System.Numerics.Tensors.TensorPrimitives.Add(output, read, output);
                System.Numerics.Tensors.TensorPrimitives.Multiply(output, 0.5f, output);
            }
            offset += output.Length;
        }
        var starts = new int[Heads.Count];
        for (var h = 1; h < Heads.Count; h++) starts[h] = starts[h - 1] + Heads[h - 1].Labels.Count;
        for (var a = 0; a < Heads.Count; a++)
        for (var b = a + 1; b < Heads.Count; b++)
        for (var i = 0; i < Heads[a].Labels.Count; i++)
        for (var j = 0; j < Heads[b].Labels.Count; j++)
            into[offset++] = into[starts[a] + i] * into[starts[b] + j];
    }
}

public sealed class SignalHead
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("labels")] public List<string> Labels { get; set; } = [];
    [JsonPropertyName("weight")] public List<float[]> Weight { get; set; } = [];
    [JsonPropertyName("bias")] public List<float> Bias { get; set; } = [];
}
