using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Forwarding;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Shadow;

namespace SemanticRouter.Gateway.Evaluation;

/// <summary>
/// The LLM judge (<c>Evaluation:Judge</c> = <c>llm</c>): any catalog model, given the rubric prompt with the question
/// and the answer, replies with a score that <see cref="ParseScore"/> reads however it is written. Its calls go
/// through the Forward stage like any other (breaker, retries) and their tokens and cost are counted against the judge
/// model like any answer's, plus <c>semantic_router_judge_calls_total</c>.
/// </summary>
internal sealed partial class LlmJudge(ModelCatalog catalog, Forwarder forwarder, GatewayMetrics metrics, IOptions<JudgeOptions> options,
    TimeProvider time, ILogger<LlmJudge> logger) : IAnswerJudge
{
    private readonly JudgeOptions _options = options.Value;
    private readonly ScoreBudget _budget = new(options.Value.MaxJudgesPerSecond, time);

    public bool Enabled => true;

    public bool Sample() => Random.Shared.NextDouble() < _options.JudgeRate && _budget.TryTake();

    public async Task<double?> ScoreAsync(string question, string answer, CancellationToken ct)
    {
        var prompt = _options.Rubric.Replace("{question}", question, StringComparison.Ordinal).Replace("{answer}", answer, StringComparison.Ordinal);
        return await AskAsync(prompt, ParseScore, "scored", ct);
    }

    /// <summary><c>Evaluation:JudgeMode</c> is <c>pairwise</c>: the shadow pairs are labelled by <see cref="CompareAsync"/>.</summary>
    public bool Pairwise => _options.Pairwise;

    /// <summary>
    /// The routed answer against the baseline's, asked twice with the answers' places swapped, since a judge model
    /// tends to prefer one place: <c>win</c> or <c>loss</c> only when both orders agree, else <c>tie</c>; null when
    /// either reply names no winner.
    /// </summary>
    public async Task<string?> CompareAsync(string question, string routed, string baseline, CancellationToken ct)
    {
        var orders = await Task.WhenAll(
            AskAsync(PairPrompt(question, routed, baseline), ParsePreference, "compared", ct),
            AskAsync(PairPrompt(question, baseline, routed), ParsePreference, "compared", ct));
        return Verdict(orders[0], orders[1]);
    }

    /// <summary>The routed answer's outcome from the two orders' preferences (routed as A first, then as B).</summary>
    public static string? Verdict(Preference? routedFirst, Preference? baselineFirst)
    {
        if (routedFirst is not { } first || baselineFirst is not { } second) return null;
        var (one, two) = (first switch { Preference.A => 1, Preference.B => -1, _ => 0 }, second switch { Preference.B => 1, Preference.A => -1, _ => 0 });
        return one == two && one != 0 ? (one > 0 ? "win" : "loss") : "tie";
    }

    private string PairPrompt(string question, string a, string b) => _options.PairwiseRubric
        .Replace("{question}", question, StringComparison.Ordinal).Replace("{answer_a}", a, StringComparison.Ordinal).Replace("{answer_b}", b, StringComparison.Ordinal);

    /// <summary>One call to the judge model: its usage counted like any answer's, the reply read by <paramref name="parse"/>.</summary>
    private async Task<T?> AskAsync<T>(string prompt, Func<string, T?> parse, string outcome, CancellationToken ct) where T : struct
    {
        if (!catalog.TryGet(_options.JudgeModel!, out var judge))
        {
            LogNoJudge(_options.JudgeModel!);
            return null;
        }
        var reply = await forwarder.CompleteAsync(judge, judge.Protocol.PromptBody(judge.UpstreamModel, prompt), ct);
        var parsed = reply.Read(judge.Protocol);
        metrics.Usage(judge, parsed.PromptTokens, parsed.CompletionTokens);
        var value = reply.Succeeded ? parse(parsed.Text) : null;
        metrics.JudgeCall(judge.Name, value is null ? "failed" : outcome);
        return value;
    }

    /// <summary>
    /// Which answer a pairwise reply prefers: a labelled one (<c>winner: A</c>, <c>verdict: tie</c>, <c>[[B]]</c>,
    /// <c>A is better</c>), else the one choice the reply names (a bare <c>A</c>, <c>B</c>, <c>tie</c>, <c>draw</c>,
    /// <c>equal</c>, <c>neither</c>). Null when it names none or more than one.
    /// </summary>
    public static Preference? ParsePreference(string reply)
    {
        var labelled = LabelledChoice().Match(reply);
        if (!labelled.Success) labelled = ChoiceIsBetter().Match(reply);
        if (labelled.Success) return Choice(labelled.Groups["v"].Value);
        var named = Mentioned().Matches(reply).Select(m => Choice(m.Groups["v"].Value)).Distinct().ToList();
        return named.Count == 1 ? named[0] : null;
    }

    private static Preference Choice(string text) => text.ToUpperInvariant() switch
    {
        "A" => Preference.A,
        "B" => Preference.B,
        _ => Preference.Tie,
    };

    /// <summary>
    /// The score in a judge's reply: after a "score" label if there is one, else the first number; a fraction
    /// (<c>7/10</c>) or a percentage is scaled, a bare number above 1 is read on a 10-point scale (up to 10) or a
    /// 100-point one. Null when there is no number, or it is out of every scale.
    /// </summary>
    public static double? ParseScore(string reply)
    {
        var labelled = Labelled().Match(reply);
        var match = labelled.Success ? Number().Match(reply, labelled.Index + labelled.Length) : Number().Match(reply);
        if (!match.Success) return null;
        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        if (match.Groups["over"].Success) value /= double.Parse(match.Groups["over"].Value, CultureInfo.InvariantCulture);
        else if (match.Groups["percent"].Success || value > 10) value /= 100;
        else if (value > 1) value /= 10;
        return value is >= 0 and <= 1 ? Math.Round(value, 4) : null;
    }

    [GeneratedRegex(@"score\s*[:=]?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Labelled();

    [GeneratedRegex(@"(?<value>\d+(?:\.\d+)?)\s*(?:(?<percent>%)|/\s*(?<over>\d+(?:\.\d+)?))?")]
    private static partial Regex Number();

    [GeneratedRegex(@"(?:winner|verdict|preferred|preference|better answer|choice)\W{0,4}(?:is\W{0,2})?(?:answer\s+|response\s+)?\[*(?<v>A|B|tie|draw)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LabelledChoice();

    [GeneratedRegex(@"(?:\[\[(?<v>A|B|tie)\]\])|(?:\b(?:answer|response)\s+(?<v>[AB])\s+(?:is\s+)?(?:better|wins|preferred))", RegexOptions.IgnoreCase)]
    private static partial Regex ChoiceIsBetter();

    // A bare A or B only in capitals ("a" is an article); the words for a tie in any case.
    [GeneratedRegex(@"(?<![\w'])(?<v>A|B)(?![\w'])|(?i:\b(?<v>tie|draw|equal|equally|neither)\b)")]
    private static partial Regex Mentioned();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The judge model {Model} is not in the catalog; the answer is not scored")]
    private partial void LogNoJudge(string model);
}

/// <summary>Which of two answers a pairwise judge prefers.</summary>
internal enum Preference { A, B, Tie }
