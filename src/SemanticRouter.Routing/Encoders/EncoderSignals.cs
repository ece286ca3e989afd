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
    [JsonPropertyName("heads")] public List<SignalHead> Heads { get; set; } = [];

    public int Count => Heads.Sum(h => h.Labels.Count);

    public static EncoderSignals Load(string path)
    {
        using var stream = File.OpenRead(path);
        var signals = JsonSerializer.Deserialize(stream, RoutingJsonContext.Default.EncoderSignals) ?? new EncoderSignals();
        foreach (var head in signals.Heads)
            if (head.Weight.Count != head.Labels.Count || head.Bias.Count != head.Labels.Count)
                throw new InvalidDataException($"{path}: head '{head.Name}' has {head.Labels.Count} labels but {head.Weight.Count} weight rows.");
        return signals;
    }

    /// <summary>Writes each head's softmax over <paramref name="pooled"/> into <paramref name="into"/>, head after head.</summary>
    public void Write(ReadOnlySpan<float> pooled, Span<float> into)
    {
        var offset = 0;
        foreach (var head in Heads)
        {
            var output = into.Slice(offset, head.Labels.Count);
            for (var k = 0; k < output.Length; k++)
                output[k] = head.Bias[k] + System.Numerics.Tensors.TensorPrimitives.Dot(head.Weight[k].AsSpan(), pooled);
            System.Numerics.Tensors.TensorPrimitives.SoftMax(output, output);
            offset += output.Length;
        }
    }
}

public sealed class SignalHead
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("labels")] public List<string> Labels { get; set; } = [];
    [JsonPropertyName("weight")] public List<float[]> Weight { get; set; } = [];
    [JsonPropertyName("bias")] public List<float> Bias { get; set; } = [];
}
