using System.Text.Json;

namespace SemanticRouter.Benchmarks.Learning;

/// <summary>
/// What an encoder folder says about itself: its version (<c>config.json</c>) and the sources it was trained on
/// (<c>metrics.json</c>, written by training/encoder/train.py), so a benchmark can refuse to call a source held out
/// when the encoder has seen it.
/// </summary>
public static class EncoderSources
{
    public static string Version(string encoderFolder)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(encoderFolder, "config.json")));
        return config.RootElement.GetProperty("version").GetString() ?? "";
    }

    /// <summary>Those of <paramref name="sources"/> the encoder's training data included; all of them when the encoder does not say.</summary>
    public static List<string> SeenOf(string encoderFolder, IEnumerable<string> sources)
    {
        var metrics = Path.Combine(encoderFolder, "metrics.json");
        if (!File.Exists(metrics)) return [.. sources];
        using var doc = JsonDocument.Parse(File.ReadAllText(metrics));
        if (!doc.RootElement.TryGetProperty("data", out var data) || !data.TryGetProperty("training_rows_by_source", out var bySource)) return [.. sources];
        var trained = bySource.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return sources.Where(trained.Contains).Distinct().ToList();
    }
}
