namespace SemanticRouter.Gateway.Shadow;

/// <summary>
/// At most <c>perSecond</c> takes a second, with up to a second's worth (at least one) saved up: a token bucket.
/// It caps the explicit answers sent to the evaluator by time rather than by share, so their cost stays the same
/// however busy the gateway is. A cap of zero or less takes every time.
/// </summary>
public sealed class ScoreBudget(double perSecond, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly double _capacity = Math.Max(1, perSecond);
    private double _tokens = Math.Max(1, perSecond);
    private long _last = time.GetTimestamp();

    public bool TryTake()
    {
        if (perSecond <= 0) return true;
        lock (_gate)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(_capacity, _tokens + time.GetElapsedTime(_last, now).TotalSeconds * perSecond);
            _last = now;
            if (_tokens < 1) return false;
            _tokens--;
            return true;
        }
    }
}
