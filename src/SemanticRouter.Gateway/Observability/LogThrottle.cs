namespace SemanticRouter.Gateway.Observability;

/// <summary>
/// Lets one log line through per interval, for failures that come thousands a second under overload (a full
/// queue, a full disk): one line each would make logging the bottleneck. A counter metric counts every one.
/// </summary>
internal sealed class LogThrottle(TimeSpan interval)
{
    private readonly long _intervalMs = (long)interval.TotalMilliseconds;
    private long _last = long.MinValue / 2;

    /// <summary>True for the first caller since the interval last ran out.</summary>
    public bool Pass()
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _last);
        return now - last >= _intervalMs && Interlocked.CompareExchange(ref _last, now, last) == last;
    }
}
