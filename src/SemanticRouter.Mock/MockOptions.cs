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
    /// <see cref="JudgeNoiseSd"/> of noise, so an LLM judge can stand in for <c>/v1/evaluate</c>; given two signed
    /// answers (a pairwise prompt: A shown first) it replies <c>winner: A</c>, <c>winner: B</c> or <c>winner: tie</c> from
    /// the same noisy scores.
    /// </summary>
    public string? JudgeModel { get; init; }

    public double JudgeNoiseSd { get; init; } = 0.05;

    /// <summary>
    /// Added to the first-shown answer's score when the judge compares two answers (a pairwise prompt): a judge's
    /// position bias, which asking in both orders is to cancel. 0: none.
    /// </summary>
    public double JudgePositionBias { get; init; }

    /// <summary>What this mock served, for those who count calls (the demo's <c>evaluate API calls</c>).</summary>
    public MockCounters Counters { get; } = new();
}

public sealed class MockCounters
{
    private long _evaluateCalls;

    public long EvaluateCalls => Interlocked.Read(ref _evaluateCalls);

    internal void Evaluated() => Interlocked.Increment(ref _evaluateCalls);
}
