using System.Text.Json;
using System.Text.Json.Serialization;

namespace SemanticRouter.Routing.Encoders;

/// <summary>
/// <c>config.json</c> of an encoder folder (settable properties: the source-generated reader keeps a default only
/// for properties it can set after construction): which files, how to tokenize, how to pool. Any BERT-family ONNX
/// export (inputs <c>input_ids</c>, <c>attention_mask</c>, optionally <c>token_type_ids</c>) plugs in with one.
/// </summary>
public sealed record EncoderConfig
{
    [JsonPropertyName("model")] public string Model { get; set; } = "model.onnx";
    [JsonPropertyName("vocab")] public string Vocab { get; set; } = "vocab.txt";
    [JsonPropertyName("max_length")] public int MaxLength { get; set; } = 128;
    [JsonPropertyName("lower_case")] public bool LowerCase { get; set; } = true;
    [JsonPropertyName("strip_accents")] public bool? StripAccents { get; init; }

    /// <summary><c>mean</c> (over the attention mask), <c>cls</c> (first token), or <c>none</c> (the output is already one vector).</summary>
    [JsonPropertyName("pooling")] public string Pooling { get; set; } = "mean";

    [JsonPropertyName("output_name")] public string OutputName { get; set; } = "last_hidden_state";

    /// <summary>Scale the pooled vector to unit length.</summary>
    [JsonPropertyName("normalize")] public bool Normalize { get; set; } = true;

    [JsonPropertyName("version")] public string? Version { get; init; }

    /// <summary>Optional file of linear heads over the pooled embedding whose outputs are appended to it (<see cref="EncoderSignals"/>).</summary>
    [JsonPropertyName("signals")] public string? Signals { get; init; }

    /// <summary>Optional <see cref="TextView"/> file (needs <see cref="Signals"/>): a character n-gram view of one signal head.</summary>
    [JsonPropertyName("text_view")] public string? TextView { get; init; }

    public static EncoderConfig Load(string folder)
    {
        var path = Path.Combine(folder, "config.json");
        if (!File.Exists(path)) return new EncoderConfig();
        using var stream = File.OpenRead(path);
        var config = JsonSerializer.Deserialize(stream, RoutingJsonContext.Default.EncoderConfig) ?? new EncoderConfig();
        if (config.Pooling is not ("mean" or "cls" or "none"))
            throw new InvalidDataException($"{path}: pooling must be mean, cls or none, not '{config.Pooling}'.");
        return config;
    }
}
