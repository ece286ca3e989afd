namespace SemanticRouter.Gateway.Health;

/// <summary>How a <see cref="CircuitBreaker"/> decides (from <c>Resilience:*</c>).</summary>
internal sealed record BreakerSettings(double FailureRatio, int MinimumThroughput, TimeSpan SamplingDuration, TimeSpan BreakDuration);

/// <summary>
/// One model's circuit. Closed while calls mostly succeed; open once <see cref="BreakerSettings.FailureRatio"/> of
/// at least <see cref="BreakerSettings.MinimumThroughput"/> calls in the sampling window failed, and then every call
/// is refused at once for the break duration; after it, one probe call goes through (half-open) and its outcome
/// closes the circuit or opens it again. The window is ten buckets, so old outcomes age out a tenth at a time.
/// It replaced a Polly pipeline (retry, breaker, timeout): three strategies' state machines on every request cost
/// 8% of the gateway's CPU at 32 connections, measured with <c>perf record</c> (eval/perf/README.md).
/// </summary>
internal sealed class CircuitBreaker(BreakerSettings settings, TimeProvider time)
{
    private const int BucketCount = 10;

    private readonly Lock _gate = new();
    private readonly Bucket[] _buckets = new Bucket[BucketCount];
    private readonly long _bucketTicks = Math.Max(1, Ticks(settings.SamplingDuration, time) / BucketCount);
    private readonly long _breakTicks = Ticks(settings.BreakDuration, time);
    private State _state;
    private long _openUntil;

    private enum State { Closed, Open, Probing }

    private struct Bucket
    {
        public long Epoch;
        public int Calls;
        public int Failures;
    }

    /// <summary>What became of a call the breaker let through.</summary>
    public enum Outcome { Success, Failure, Abandoned }

    /// <summary>False while calls would be refused: open and still breaking, or half-open with its probe out.</summary>
    public bool IsAvailable
    {
        get
        {
            lock (_gate)
                return _state == State.Closed || (_state == State.Open && time.GetTimestamp() >= _openUntil);
        }
    }

    /// <summary>
    /// Asks to make a call: true when it may go (closed, or the first call after a break, which becomes the probe);
    /// false with how long until a probe may go when the circuit refuses it. Every call let through must be ended
    /// with <see cref="Record"/>.
    /// </summary>
    public bool TryEnter(out TimeSpan? retryAfter)
    {
        retryAfter = null;
        lock (_gate)
        {
            if (_state == State.Closed) return true;
            var now = time.GetTimestamp();
            if (_state == State.Open && now >= _openUntil)
            {
                _state = State.Probing;
                return true;
            }
            if (_state == State.Open) retryAfter = time.GetElapsedTime(now, _openUntil);
            return false;
        }
    }

    /// <summary>Ends a call <see cref="TryEnter"/> let through.</summary>
    public void Record(Outcome outcome)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            switch (_state)
            {
                case State.Probing:
                    // A probe the client gave up on says nothing about the model: the next call probes again.
                    if (outcome == Outcome.Success) Close();
                    else Open(outcome == Outcome.Failure ? now + _breakTicks : now);
                    break;
                case State.Closed when outcome != Outcome.Abandoned:
                    var epoch = now / _bucketTicks;
                    ref var bucket = ref _buckets[epoch % BucketCount];
                    if (bucket.Epoch != epoch) bucket = new Bucket { Epoch = epoch };
                    bucket.Calls++;
                    if (outcome == Outcome.Failure)
                    {
                        bucket.Failures++;
                        if (ShouldOpen(epoch)) Open(now + _breakTicks);
                    }
                    break;
                // Open: calls that were under way when the circuit opened change nothing.
            }
        }
    }

    private bool ShouldOpen(long epoch)
    {
        int calls = 0, failures = 0;
        foreach (var b in _buckets)
        {
            if (b.Epoch <= epoch - BucketCount) continue;
            calls += b.Calls;
            failures += b.Failures;
        }
        return calls >= settings.MinimumThroughput && failures >= settings.FailureRatio * calls;
    }

    private void Open(long until)
    {
        _state = State.Open;
        _openUntil = until;
    }

    private void Close()
    {
        _state = State.Closed;
        Array.Clear(_buckets);
    }

    private static long Ticks(TimeSpan span, TimeProvider time) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
