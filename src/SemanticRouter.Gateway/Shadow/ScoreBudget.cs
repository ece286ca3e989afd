using SemanticRouter.Gateway.Ingress;

namespace SemanticRouter.Gateway.Shadow;

/// <summary>
/// At most <c>perSecond</c> takes a second, with up to a second's worth (at least one) saved up: a token bucket.
/// It caps the explicit answers sent to the evaluator by time rather than by share, so their cost stays the same
/// however busy the gateway is. A cap of zero or less takes every time.
/// </summary>
internal sealed class ScoreBudget(double perSecond, TimeProvider time)
{
    private readonly Lock _gate = new();
    private TokenBucket _bucket = new(perSecond, Math.Max(1, perSecond));
    private long _last = time.GetTimestamp();

    public bool TryTake()
    {
        if (perSecond <= 0) return true;
        lock (_gate)
        {
            var now = time.GetTimestamp();
            _bucket.Refill(time.GetElapsedTime(_last, now));
            _last = now;
            if (_bucket.Balance < 1) return false;
            _bucket.Balance--;
            return true;
        }
    }
}
