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
        if (!catalog.TryGet(_options.JudgeModel!, out var judge))
        {
            LogNoJudge(_options.JudgeModel!);
            return null;
        }
        var prompt = _options.Rubric.Replace("{question}", question, StringComparison.Ordinal).Replace("{answer}", answer, StringComparison.Ordinal);
        var reply = await forwarder.CompleteAsync(judge, judge.Protocol.PromptBody(judge.UpstreamModel, prompt), ct);
        var parsed = reply.Read(judge.Protocol);
        metrics.Usage(judge, parsed.PromptTokens, parsed.CompletionTokens);
        var score = reply.Succeeded ? ParseScore(parsed.Text) : null;
        metrics.JudgeCall(judge.Name, score is null ? "failed" : "scored");
        return score;
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The judge model {Model} is not in the catalog; the answer is not scored")]
    private partial void LogNoJudge(string model);
}
