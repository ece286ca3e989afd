using System.Text.Json;
using SemanticRouter.Mock;

namespace SemanticRouter.Benchmarks.Learning;

/// <summary>A labelled question and the collection it came from.</summary>
public sealed record SourcedQuestion(LabeledQuestion Question, string Source);

/// <summary>
/// Every labelled question a learning benchmark may draw from: the project's <c>datasets/train.json</c> and style
/// corpus (<c>datasets/corpus/*.jsonl</c>, embedded), plus the public sets when their folder is there; and the
/// sources <c>datasets/holdout.json</c> keeps out of everything the router learns from.
/// </summary>
public sealed class QuestionPool
{
    public required IReadOnlyList<SourcedQuestion> Questions { get; init; }

    /// <summary>Held-out sources by domain (the shipped encoder never trained on them).</summary>
    public required IReadOnlyDictionary<string, string[]> HeldOut { get; init; }

    /// <summary>Whether the public sets were found and read.</summary>
    public bool HasPublic { get; init; }

    public bool IsHeldOut(string source) => HeldOut.Values.Any(s => s.Contains(source));

    public static QuestionPool Load(string? publicFolder)
    {
        var questions = new List<SourcedQuestion>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(LabeledQuestion q, string source)
        {
            if (seen.Add(q.Question.Trim())) questions.Add(new SourcedQuestion(q, source));
        }
        foreach (var q in EmbeddedData.Questions("train").Items) Add(q, "train.json");
        foreach (var (q, source) in Corpus()) Add(q, source);
        var hasPublic = publicFolder is not null && Directory.Exists(publicFolder) && Directory.EnumerateFiles(publicFolder, "*.jsonl").Any();
        if (hasPublic)
            foreach (var (q, source) in PublicQuestions.Read(publicFolder!)) Add(q, source);
        return new QuestionPool { Questions = questions, HeldOut = ReadHeldOut(), HasPublic = hasPublic };
    }

    /// <summary>The corpus's rows; a row's source is <c>corpus-&lt;domain&gt;-&lt;style&gt;-&lt;lang&gt;</c>, as training/encoder/data.py names it.</summary>
    private static IEnumerable<(LabeledQuestion, string)> Corpus()
    {
        var assembly = typeof(QuestionPool).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("corpus/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            while (reader.ReadLine() is { } line)
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                using var row = JsonDocument.Parse(line);
                var r = row.RootElement;
                string Text(string key) => r.GetProperty(key).GetString()!;
                var q = new LabeledQuestion(Text("id"), Text("question"), Text("domain"), r.GetProperty("difficulty").GetInt32(), Text("lang"));
                yield return (q, $"corpus-{q.Domain}-{Text("style")}-{q.Lang}");
            }
        }
    }

    private static Dictionary<string, string[]> ReadHeldOut()
    {
        using var stream = typeof(QuestionPool).Assembly.GetManifestResourceStream("holdout.json")!;
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.GetProperty("sources").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(s => s.GetString()!).ToArray());
    }
}
