using SemanticRouter.Routing.Estimation;
using SemanticRouter.Routing.Policy;

namespace SemanticRouter.Training;

/// <summary>What a head's choices would have given on held-out questions, from what was recorded.</summary>
public sealed record ReplayResult(int Questions, double MeanScore, double MeanLatencyMs, double MeanCost, double Utility);

/// <summary>
/// Offline replay: for each held-out question, the model the head would pick among those with a recorded answer
/// to it (training-mode rows have every model's; routed questions the chosen model's and the baseline's), and
/// the score, latency and cost recorded for that model.
/// </summary>
public static class OfflineReplay
{
    public static ReplayResult Run(RoutingHead head, IReadOnlyList<Example> heldOut, UtilityPolicy policy)
    {
        var features = new float[head.FeatureCount];
        var scores = new double[head.Models.Length];
        var latencies = new double[head.Models.Length];
        var picks = new List<Observation>();
        foreach (var example in heldOut)
        {
            head.Features(example.Embedding, example.Text, features);
            head.Predict(features, scores, latencies);
            var ranked = policy.Rank(head.Models, scores, latencies, head.MeanCost, example.ByModel.ContainsKey);
            if (ranked.Length > 0) picks.Add(example.ByModel[ranked[0].Model]);
        }
        if (picks.Count == 0) return new ReplayResult(0, 0, 0, 0, double.NegativeInfinity);
        double score = picks.Average(p => p.Score), latency = picks.Average(p => p.LatencyMs), cost = picks.Average(p => p.Cost);
        return new ReplayResult(picks.Count, score, latency, cost, policy.Utility(score, latency / 1000, cost));
    }
}
