namespace SemanticRouter.Routing.Policy;

/// <summary>One model the policy weighed: its estimates and the utility they give.</summary>
public readonly record struct Candidate(string Model, double Score, double LatencySeconds, double Cost, double Utility);

/// <summary>
/// The routing policy, the one object serving, offline replay, training, the baselines and the CLI all decide with:
/// utility = expected score − λ·expected latency (s) − μ·expected cost; candidates ranked by it; and the confidence
/// gate: a question the classifier does not know (<see cref="Decision.Confident"/> false) goes to the fallback
/// model, when one is named and available. λ and μ are the Pareto knob: λ = 0 picks the best-scoring model whatever
/// it costs in time; larger λ buys speed with score. A message shorter than <see cref="MinRoutableTokens"/> word
/// pieces ("hi", "thanks", "ok") carries no domain for the estimates to read, and needs no expertise: it goes to the
/// model the head expects to answer it fastest (<see cref="Fastest"/>).
/// </summary>
public sealed class UtilityPolicy(double latencyWeight, double costWeight, string? fallbackModel = null, int minRoutableTokens = 0)
{
    public double LatencyWeight { get; } = latencyWeight;
    public double CostWeight { get; } = costWeight;

    /// <summary>Where a question the classifier is not confident about goes; null: to the best-ranked model anyway.</summary>
    public string? FallbackModel { get; } = fallbackModel;

    /// <summary>Messages with fewer word pieces than this go to the fastest model (0: every message is ranked by utility).</summary>
    public int MinRoutableTokens { get; } = minRoutableTokens;

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

    /// <summary>
    /// The candidates fastest first by their latency estimates (ties: higher utility): for a message too short to
    /// say what it is about, where the score estimates are guesses about a domain it does not have.
    /// </summary>
    public Candidate[] Fastest(Candidate[] ranked)
    {
        var fastest = ranked.ToArray();
        Array.Sort(fastest, (a, b) => a.LatencySeconds != b.LatencySeconds ? a.LatencySeconds.CompareTo(b.LatencySeconds) : b.Utility.CompareTo(a.Utility));
        return fastest;
    }

    /// <summary>
    /// The model a decision sends the question to, and whether that is the fallback: the best-ranked candidate, or
    /// the fallback model when the classifier was not confident (or ranked nothing) and the fallback is
    /// <paramref name="available"/>. Null when neither exists.
    /// </summary>
    public (string? Model, bool Fallback) Choose(Decision decision, Func<string, bool> available)
    {
        if ((!decision.Confident || decision.Ranked.Length == 0) && FallbackModel is { } fallback && available(fallback)) return (fallback, true);
        return (decision.Ranked.Length > 0 ? decision.Ranked[0].Model : null, false);
    }
}
