namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// Per-minute request and token budgets for one client key, as token buckets that refill continuously. A request
/// needs one request unit and a non-negative token balance; the tokens an answer used are debited after it,
/// so a long answer may take the balance below zero and hold the next request until it refills.
/// </summary>
internal sealed class KeyLimiter(int requestsPerMinute, int tokensPerMinute, TimeProvider time)
{
    private readonly Lock _gate = new();
    private double _requests = requestsPerMinute;
    private double _tokens = tokensPerMinute;
    private long _last = time.GetTimestamp();

    public bool LimitsTokens => tokensPerMinute > 0;

    /// <summary>Takes one request; when refused, how long until it would be granted.</summary>
    public bool TryAcquire(out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            Refill();
            var requestWait = requestsPerMinute > 0 && _requests < 1 ? (1 - _requests) * 60 / requestsPerMinute : 0;
            var tokenWait = tokensPerMinute > 0 && _tokens < 0 ? -_tokens * 60 / tokensPerMinute : 0;
            retryAfter = TimeSpan.FromSeconds(Math.Max(requestWait, tokenWait));
            if (retryAfter > TimeSpan.Zero) return false;
            if (requestsPerMinute > 0) _requests -= 1;
            return true;
        }
    }

    public void Debit(int tokens)
    {
        if (tokensPerMinute <= 0 || tokens <= 0) return;
        lock (_gate)
        {
            Refill();
            _tokens -= tokens;
        }
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        var minutes = time.GetElapsedTime(_last, now).TotalMinutes;
        _last = now;
        _requests = Math.Min(requestsPerMinute, _requests + minutes * requestsPerMinute);
        _tokens = Math.Min(tokensPerMinute, _tokens + minutes * tokensPerMinute);
    }
}
