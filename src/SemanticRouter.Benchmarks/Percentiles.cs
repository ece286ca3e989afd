namespace SemanticRouter.Benchmarks;

/// <summary>Nearest-rank percentiles over a sample of measurements.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static Summary Summarize(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return new Summary(sorted.Count, sorted.Count == 0 ? double.NaN : sorted.Average(), Of(sorted, 50), Of(sorted, 95), Of(sorted, 99), sorted.LastOrDefault());
    }

    public sealed record Summary(int N, double Mean, double P50, double P95, double P99, double Max);
}
