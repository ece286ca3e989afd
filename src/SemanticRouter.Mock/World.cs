using System.Text.Json;
using System.Text.Json.Serialization;

namespace SemanticRouter.Mock;

/// <summary>
/// What the mock knows and a router has to learn: each model's latency and price, and its expected evaluate
/// score by question domain and difficulty (1..3). Scores get deterministic noise per (question, model).
/// </summary>
public sealed class World
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("description")] public string Description { get; set; } = "";
    [JsonPropertyName("seed")] public string Seed { get; set; } = "";
    [JsonPropertyName("noise_sd")] public double NoiseSd { get; init; }
    [JsonPropertyName("difficulty_latency_factor")] public double[] DifficultyLatencyFactor { get; set; } = [1, 1, 1];
    [JsonPropertyName("ttft_fraction")] public double TtftFraction { get; set; } = 0.3;
    [JsonPropertyName("models")] public IReadOnlyList<WorldModel> Models { get; set; } = [];

    public static World Load(Stream json)
    {
        var world = JsonSerializer.Deserialize(json, MockJsonContext.Default.World)
            ?? throw new InvalidDataException("The world file is empty.");
        world.Validate();
        return world;
    }

    public static World Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Writes the world in the file format <see cref="Load(string)"/> reads.</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, this, Indented.World);
    }

    private static readonly MockJsonContext Indented = new(new JsonSerializerOptions { WriteIndented = true });

    public WorldModel? Find(string id) => Models.FirstOrDefault(m => m.Id == id);

    /// <summary>The world's expected score, before noise: what a label-aware policy may know.</summary>
    public double ExpectedScore(WorldModel model, string domain, int difficulty) =>
        model.Scores.TryGetValue(domain, out var byDifficulty) ? byDifficulty[Math.Clamp(difficulty, 1, 3) - 1] : 0;

    /// <summary>The score <c>/v1/evaluate</c> gives this model's answer to this question.</summary>
    public double Score(LabeledQuestion question, WorldModel model)
    {
        var noise = NoiseSd * DeterministicRandom.Normal($"{Seed}|score|{question.Question}|{model.Id}");
        return Math.Round(Math.Clamp(ExpectedScore(model, question.Domain, question.Difficulty) + noise, 0, 1), 3);
    }

    /// <summary>How long this model takes to answer this question (log-normal around the model's median).</summary>
    public TimeSpan Latency(string question, int difficulty, WorldModel model)
    {
        var factor = DifficultyLatencyFactor[Math.Clamp(difficulty, 1, 3) - 1];
        var z = DeterministicRandom.Normal($"{Seed}|latency|{question}|{model.Id}");
        return TimeSpan.FromMilliseconds(model.Latency.Median * factor * Math.Exp(model.Latency.Sigma * z));
    }

    private void Validate()
    {
        if (Models.Count == 0) throw new InvalidDataException($"World '{Name}' lists no models.");
        if (DifficultyLatencyFactor.Length != 3)
            throw new InvalidDataException("difficulty_latency_factor must have three entries.");
        foreach (var model in Models)
        foreach (var (domain, scores) in model.Scores)
            if (scores.Length != 3 || scores.Any(s => s is < 0 or > 1))
                throw new InvalidDataException($"Model '{model.Id}', domain '{domain}': need three scores in [0, 1].");
    }
}

public sealed class WorldModel
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("family")] public string Family { get; set; } = "";
    [JsonPropertyName("size")] public string Size { get; set; } = "";
    [JsonPropertyName("latency_ms")] public LatencyDistribution Latency { get; set; } = new();
    [JsonPropertyName("price_per_1k_tokens")] public double PricePer1kTokens { get; init; }
    [JsonPropertyName("scores")] public Dictionary<string, double[]> Scores { get; set; } = [];

    /// <summary>
    /// <c>anthropic-messages</c>: the model answers only Anthropic Messages requests (<c>/v1/messages</c>), as a
    /// provider of that style would; absent, it answers Chat Completions.
    /// </summary>
    [JsonPropertyName("protocol"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Protocol { get; set; }

    public const string AnthropicMessages = "anthropic-messages";

    /// <summary>The media the model takes besides text (<c>image</c>, <c>audio</c>, <c>file</c>); a request with other media is refused.</summary>
    [JsonPropertyName("accepts"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Accepts { get; set; }

    public bool Takes(IEnumerable<string> media) => media.All(kind => Accepts?.Contains(kind) == true);

    public bool SpeaksAnthropic => Protocol == AnthropicMessages;
}

public sealed class LatencyDistribution
{
    [JsonPropertyName("median")] public double Median { get; init; }
    [JsonPropertyName("sigma")] public double Sigma { get; init; }
}
