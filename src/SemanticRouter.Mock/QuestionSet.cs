using System.Text.Json;
using System.Text.Json.Serialization;

namespace SemanticRouter.Mock;

/// <summary>A question with the labels the mock scores by (the router never sees them).</summary>
public sealed record LabeledQuestion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("domain")] string Domain,
    [property: JsonPropertyName("difficulty")] int Difficulty,
    [property: JsonPropertyName("lang")] string Lang);

public sealed record LabeledQuestionFile([property: JsonPropertyName("questions")] IReadOnlyList<LabeledQuestion> Questions);

/// <summary>The questions one mock instance serves and can score, looked up by their text.</summary>
public sealed class QuestionSet
{
    private readonly Dictionary<string, LabeledQuestion> _byText;

    public QuestionSet(IReadOnlyList<LabeledQuestion> questions)
    {
        Items = questions;
        _byText = new Dictionary<string, LabeledQuestion>(StringComparer.Ordinal);
        foreach (var q in questions) _byText.TryAdd(Normalize(q.Question), q);
    }

    public IReadOnlyList<LabeledQuestion> Items { get; }

    public LabeledQuestion? Find(string question) => _byText.GetValueOrDefault(Normalize(question));

    /// <summary>The longest question of this set quoted in <paramref name="text"/> (how the mock's judge finds what it grades).</summary>
    public LabeledQuestion? FindIn(string text) =>
        Items.Where(q => text.Contains(q.Question, StringComparison.Ordinal)).MaxBy(q => q.Question.Length);

    public static QuestionSet Load(Stream json) =>
        new((JsonSerializer.Deserialize(json, MockJsonContext.Default.LabeledQuestionFile)
             ?? throw new InvalidDataException("The question file is empty.")).Questions);

    public static QuestionSet Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    public static QuestionSet Concat(params QuestionSet[] sets) => new(sets.SelectMany(s => s.Items).ToList());

    private static string Normalize(string text) => text.Trim();
}
