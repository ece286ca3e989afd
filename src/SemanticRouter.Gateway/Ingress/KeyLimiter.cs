namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// Per-minute request and token budgets for one client key, as token buckets that refill continuously. A request
/// needs one request unit and a non-negative token balance; the tokens an answer used are debited after it,
/// so a long answer may take the balance below zero and hold the next request until it refills.
/// </summary>
internal sealed class KeyLimiter(int requestsPerMinute, int tokensPerMinute, TimeProvider time)
{
    private readonly Lock _gate = new();
    private TokenBucket _requests = new(requestsPerMinute / 60.0, requestsPerMinute);
    private TokenBucket _tokens = new(tokensPerMinute / 60.0, tokensPerMinute);
    private long _last = time.GetTimestamp();

    public bool LimitsTokens => tokensPerMinute > 0;

    /// <summary>Takes one request; when refused, how long until it would be granted.</summary>
    public bool TryAcquire(out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            Refill();
            var requestWait = requestsPerMinute > 0 ? _requests.Until(1) : TimeSpan.Zero;
            var tokenWait = tokensPerMinute > 0 ? _tokens.Until(0) : TimeSpan.Zero;
            retryAfter = requestWait > tokenWait ? requestWait : tokenWait;
            if (retryAfter > TimeSpan.Zero) return false;
            if (requestsPerMinute > 0) _requests.Balance -= 1;
            return true;
        }
    }

    public void Debit(int tokens)
    {
        if (tokensPerMinute <= 0 || tokens <= 0) return;
        lock (_gate)
        {
            Refill();
            _tokens.Balance -= tokens;
        }
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(_last, now);
        _last = now;
        _requests.Refill(elapsed);
        _tokens.Refill(elapsed);
    }
}
