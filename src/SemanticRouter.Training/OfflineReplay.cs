using SemanticRouter.Routing;
using SemanticRouter.Routing.Estimation;
using SemanticRouter.Routing.Policy;

namespace SemanticRouter.Training;

/// <summary>What a head's choices would have given on held-out questions, from what was recorded.</summary>
public sealed record ReplayResult(int Questions, double MeanScore, double MeanLatencyMs, double MeanCost, double Utility);

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
        foreach (var example in heldOut)
        {
            var (ranked, leverage) = head.Rank(example.Embedding, example.Text, policy, example.ByModel.ContainsKey);
            var (model, _) = policy.Choose(new Decision(ranked, leverage <= head.LeverageThreshold, leverage, 0), example.ByModel.ContainsKey);
            if (model is not null) picks.Add(example.ByModel[model]);
        }
        if (picks.Count == 0) return new ReplayResult(0, 0, 0, 0, double.NegativeInfinity);
        double score = picks.Average(p => p.Score), latency = picks.Average(p => p.LatencyMs), cost = picks.Average(p => p.Cost);
        return new ReplayResult(picks.Count, score, latency, cost, policy.Utility(score, latency / 1000, cost));
    }
}
