using System.Text;
using System.Text.RegularExpressions;

namespace SemanticRouter.Mock;

/// <summary>
/// The mock's answer text. Its content is not a real answer; what matters is the signature at its end,
/// which lets <c>/v1/evaluate</c> score an answer from (question, answer) alone, as the challenge's did.
/// </summary>
public static partial class MockAnswers
{
    private static readonly string[] Sentences =
    [
        "Let us restate the problem and note what is given.",
        "The key observation is which quantities stay fixed.",
        "We work through it step by step and check each step.",
        "A worked example makes the general rule easier to see.",
        "There are a few edge cases worth handling explicitly.",
        "Here is a short summary before the details.",
        "The same idea extends to the more general case.",
        "Checking the result against the original statement confirms it.",
        "A common mistake here is to skip the boundary condition.",
        "In practice you would also consider the constraints of the context.",
    ];

    public static string Compose(string question, WorldModel model)
    {
        var wordsWanted = model.Size switch { "max" => 90, "32b" => 80, "7b" => 55, _ => 35 };
        var text = new StringBuilder($"[{model.Id}] Simulated answer to: \"{Excerpt(question)}\". ");
        for (var i = 0; text.Length < wordsWanted * 6; i++)
        {
            var pick = (int)(DeterministicRandom.Uniform($"{question}|{model.Id}|{i}") * Sentences.Length);
            text.Append(Sentences[pick]).Append(' ');
        }
        return text.Append(Signature(model.Id)).ToString();
    }

    public static string Signature(string model) => $"(answered by {model})";

    /// <summary>The model an answer says it came from, or null when it carries no signature.</summary>
    public static string? AttributedModel(string answer)
    {
        var matches = SignaturePattern().Matches(answer);
        return matches.Count == 0 ? null : matches[^1].Groups[1].Value;
    }

    /// <summary>The models of every signed answer in a text, in order (a pairwise judge prompt quotes two).</summary>
    public static IReadOnlyList<string> AttributedModels(string text) => [.. SignaturePattern().Matches(text).Select(m => m.Groups[1].Value)];

    /// <summary>A rough token count: one per CJK character, one per four other characters.</summary>
    public static int EstimateTokens(string text)
    {
        int cjk = 0, other = 0;
        foreach (var c in text)
        {
            if (c >= '\u3000' && c <= '\u9fff' || c >= '\uf900' && c <= '\ufaff') cjk++;
            else other++;
        }
        return cjk + (other + 3) / 4;
    }

    private static string Excerpt(string question)
    {
        var oneLine = question.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= 60 ? oneLine : oneLine[..60] + "…";
    }

    [GeneratedRegex(@"\(answered by ([A-Za-z0-9._:\-/]+)\)")]
    private static partial Regex SignaturePattern();
}
