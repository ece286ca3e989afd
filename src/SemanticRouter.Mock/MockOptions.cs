namespace SemanticRouter.Mock;

public sealed class MockOptions
{
    public required World World { get; init; }
    public required QuestionSet Questions { get; init; }

    /// <summary>Multiplies every simulated delay; 0 answers at once (for throughput benchmarks).</summary>
    public double LatencyScale { get; init; } = 1;

    public long MaxRequestBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// A judge model this mock also serves (listed in <c>/v1/models</c>; null: none): given a prompt that quotes one of
    /// its questions and a signed answer, it replies <c>score: X</c>, the world's score for that answer plus
    /// <see cref="JudgeNoiseSd"/> of noise, so an LLM judge can stand in for <c>/v1/evaluate</c>.
    /// </summary>
    public string? JudgeModel { get; init; }

    public double JudgeNoiseSd { get; init; } = 0.05;

    /// <summary>What this mock served, for those who count calls (the demo's <c>evaluate API calls</c>).</summary>
    public MockCounters Counters { get; } = new();
}

public sealed class MockCounters
{
    private long _evaluateCalls;

    public long EvaluateCalls => Interlocked.Read(ref _evaluateCalls);

    internal void Evaluated() => Interlocked.Increment(ref _evaluateCalls);
}
