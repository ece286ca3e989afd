namespace SemanticRouter.Routing.Policy;

/// <summary>One model the policy weighed: its estimates and the utility they give.</summary>
public readonly record struct Candidate(string Model, double Score, double LatencySeconds, double Cost, double Utility);

/// <summary>
/// The routing policy: utility = expected score − λ·expected latency (s) − μ·expected cost. λ and μ are the
/// Pareto knob: λ = 0 picks the best-scoring model whatever it costs in time; larger λ buys speed with score.
/// </summary>
public sealed class UtilityPolicy(double latencyWeight, double costWeight)
{
    public double LatencyWeight { get; } = latencyWeight;
    public double CostWeight { get; } = costWeight;

    public double Utility(double score, double latencySeconds, double cost) =>
        score - LatencyWeight * latencySeconds - CostWeight * cost;

    /// <summary>Ranks candidates, best first (ties: lower latency).</summary>
    public Candidate[] Rank(ReadOnlySpan<string> models, ReadOnlySpan<double> scores, ReadOnlySpan<double> latencies,
        ReadOnlySpan<double> costs, Func<string, bool> available)
    {
        var ranked = new List<Candidate>(models.Length);
        for (var i = 0; i < models.Length; i++)
            if (available(models[i]))
                ranked.Add(new Candidate(models[i], scores[i], latencies[i], costs[i], Utility(scores[i], latencies[i], costs[i])));
        ranked.Sort((a, b) => b.Utility != a.Utility ? b.Utility.CompareTo(a.Utility) : a.LatencySeconds.CompareTo(b.LatencySeconds));
        return [.. ranked];
    }
}
