using System.Text.Json;
using SemanticRouter.Mock;

namespace SemanticRouter.Benchmarks;

/// <summary>
/// The public question sets (<c>../shared/datasets/public/*.jsonl</c>: id, question, domain, lang, source,
/// difficulty), read in file order, each distinct text once, with the source it came from.
/// </summary>
public static class PublicQuestions
{
    public static IEnumerable<(LabeledQuestion Question, string Source)> Read(string folder)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
        foreach (var line in File.ReadLines(file))
        {
            using var row = JsonDocument.Parse(line);
            var r = row.RootElement;
            var text = r.GetProperty("question").GetString()!;
            if (!seen.Add(text)) continue;
            var difficulty = r.TryGetProperty("difficulty", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetInt32() : 2;
            yield return (new LabeledQuestion(r.GetProperty("id").GetString()!, text, r.GetProperty("domain").GetString()!, difficulty,
                r.GetProperty("lang").GetString()!), r.GetProperty("source").GetString()!);
        }
    }
}
