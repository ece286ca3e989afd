using SemanticRouter.Routing;
using SemanticRouter.Routing.Estimation;
using SemanticRouter.Routing.Policy;

namespace SemanticRouter.Training;

/// <summary>
/// What a head's choices would have given on held-out questions, from what was recorded; <see cref="PerQuestion"/> is
/// the utility of its pick for each held-out question in order (NaN where it picked nothing), what promotion compares.
/// </summary>
public sealed record ReplayResult(int Questions, double MeanScore, double MeanLatencyMs, double MeanCost, double Utility)
{
    public IReadOnlyList<double> PerQuestion { get; init; } = [];
}

/// <summary>
/// Offline replay: for each held-out question, the model the policy would send it to with this head (among the
/// models with a recorded answer to it: training-mode rows have every model's; routed questions the chosen model's
/// and the baseline's), and the score, latency and cost recorded for that model. The policy decides exactly as in
/// serving, its confidence gate and fallback included.
/// </summary>
public static class OfflineReplay
{
    public static ReplayResult Run(RoutingHead head, IReadOnlyList<Example> heldOut, UtilityPolicy policy)
    {
        var picks = new List<Observation>();
        var perQuestion = new double[heldOut.Count];
        for (var i = 0; i < heldOut.Count; i++)
        {
            var example = heldOut[i];
            var (ranked, leverage) = head.Rank(example.Embedding, example.Text, policy, example.ByModel.ContainsKey);
            var (model, _) = policy.Choose(new Decision(ranked, leverage <= head.LeverageThreshold, leverage, 0), example.ByModel.ContainsKey);
            perQuestion[i] = double.NaN;
            if (model is null) continue;
            var pick = example.ByModel[model];
            picks.Add(pick);
            perQuestion[i] = policy.Utility(pick.Score, pick.LatencyMs / 1000, pick.Cost);
        }
        if (picks.Count == 0) return new ReplayResult(0, 0, 0, 0, double.NegativeInfinity) { PerQuestion = perQuestion };
        double score = picks.Average(p => p.Score), latency = picks.Average(p => p.LatencyMs), cost = picks.Average(p => p.Cost);
        return new ReplayResult(picks.Count, score, latency, cost, policy.Utility(score, latency / 1000, cost)) { PerQuestion = perQuestion };
    }
}
