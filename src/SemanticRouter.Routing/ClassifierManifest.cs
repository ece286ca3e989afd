using System.Text.Json;
using System.Text.Json.Serialization;

namespace SemanticRouter.Routing;

/// <summary>
/// <c>classifier.json</c>: what one classifier version is. A version = an encoder reference + a head + the data
/// range it was trained on + its held-out metrics.
/// </summary>
public sealed record ClassifierManifest
{
    public const string FileName = "classifier.json";

    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("created")] public required DateTimeOffset Created { get; init; }

    /// <summary>The encoder's version; the encoder folder is found by the registry (shipped, or beside the head).</summary>
    [JsonPropertyName("encoder_version")] public required string EncoderVersion { get; init; }

    [JsonPropertyName("head")] public string Head { get; set; } = "head.json";
    [JsonPropertyName("data")] public TrainingData? Data { get; init; }

    /// <summary>Held-out figures: name → value (mean score, mean latency, agreement with the oracle, …).</summary>
    [JsonPropertyName("metrics")] public Dictionary<string, double> Metrics { get; set; } = [];

    public static ClassifierManifest Load(string folder)
    {
        using var stream = File.OpenRead(Path.Combine(folder, FileName));
        return JsonSerializer.Deserialize(stream, RoutingJsonContext.Default.ClassifierManifest)
               ?? throw new InvalidDataException($"{folder}/{FileName} is empty.");
    }

    public void Save(string folder)
    {
        using var stream = File.Create(Path.Combine(folder, FileName));
        JsonSerializer.Serialize(stream, this, new JsonSerializerOptions(RoutingJsonContext.Default.Options) { WriteIndented = true }
            .GetTypeInfo(typeof(ClassifierManifest)));
    }
}

/// <summary>The recorded rows a head was trained on.</summary>
public sealed record TrainingData(
    [property: JsonPropertyName("from")] DateTimeOffset? From,
    [property: JsonPropertyName("to")] DateTimeOffset? To,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("questions")] int Questions);
