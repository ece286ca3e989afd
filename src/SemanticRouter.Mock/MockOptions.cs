namespace SemanticRouter.Mock;

public sealed class MockOptions
{
    public required World World { get; init; }
    public required QuestionSet Questions { get; init; }

    /// <summary>Multiplies every simulated delay; 0 answers at once (for throughput benchmarks).</summary>
    public double LatencyScale { get; init; } = 1;

    public long MaxRequestBodyBytes { get; init; } = 8 * 1024 * 1024;
}
