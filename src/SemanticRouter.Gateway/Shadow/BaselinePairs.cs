using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Evaluation;
using SemanticRouter.Gateway.Observability;

namespace SemanticRouter.Gateway.Shadow;

/// <summary>
/// Live quality against the baseline, from the shadow pairs: when both the routed answer and the baseline's answer to
/// the same request are scored, the pair counts as a win, tie (scores within <see cref="Tie"/>) or loss for the routed
/// model, and adds both scores and the latency and cost the routed answer saved (negative when it cost more) to
/// <c>/metrics</c> and the dashboard's hours, by routed model. In pairwise judge mode the judge's verdict
/// (<see cref="AddVerdict"/>) is the outcome and the scores add only to the score ratio. A request whose other side is
/// never scored (sampling, a failed call) is forgotten once <see cref="Capacity"/> newer ones wait.
/// </summary>
internal sealed class BaselinePairs(GatewayMetrics metrics, IOptions<JudgeOptions>? judge = null)
{
    private readonly bool _pairwise = judge?.Value.Pairwise == true;

    public const double Tie = 0.02;
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Side> _waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    private sealed record Side(bool Routed, string Model, double Score, double LatencyMs, double Cost);

    public void Add(RecordedAnswer answer, double score)
    {
        var routed = answer.Mode == "routed";
        if (!routed && answer.Mode != "shadow") return;
        var side = new Side(routed, answer.ChosenModel, score,
            answer.Answer.LatencyMs, answer.Model.Cost(answer.Parsed.PromptTokens, answer.Parsed.CompletionTokens));
        var id = answer.Exchange.RequestId;
        if (_waiting.TryRemove(id, out var other) && other.Routed != routed)
        {
            var (r, b) = routed ? (side, other) : (other, side);
            metrics.BaselineScores(r.Model, r.Score, b.Score);
            if (!_pairwise)
                AddVerdict(r.Model, Math.Abs(r.Score - b.Score) <= Tie ? "tie" : r.Score > b.Score ? "win" : "loss",
                    (b.LatencyMs - r.LatencyMs) / 1000, b.Cost - r.Cost);
            return;
        }
        _waiting[id] = side;
        _order.Enqueue(id);
        while (_waiting.Count > Capacity && _order.TryDequeue(out var oldest)) _waiting.TryRemove(oldest, out _);
    }

    /// <summary>A pair's outcome for its routed model (win, tie, loss) and what routing saved on it.</summary>
    public void AddVerdict(string model, string outcome, double latencySavedSeconds, double costSaved) =>
        metrics.BaselineOutcome(model, outcome, latencySavedSeconds, costSaved);
}
