using SemanticRouter.Gateway.Ingress;

namespace SemanticRouter.Gateway.Tests.Ingress;

public sealed class KeyLimiterTests
{

    [Fact]
    public void Requests_refill_continuously_at_the_per_minute_rate()
    {
        var time = new ManualTime();
        var limiter = new KeyLimiter(requestsPerMinute: 6, tokensPerMinute: 0, time);
        for (var i = 0; i < 6; i++) Assert.True(limiter.TryAcquire(out _));

        Assert.False(limiter.TryAcquire(out var wait));
        Assert.Equal(10, wait.TotalSeconds, 6); // one request in 60/6 s
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(limiter.TryAcquire(out wait));
        Assert.Equal(1, wait.TotalSeconds, 6);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAcquire(out _));
    }

    [Fact]
    public void Tokens_used_beyond_the_budget_hold_requests_until_the_balance_is_back_to_zero()
    {
        var time = new ManualTime();
        var limiter = new KeyLimiter(requestsPerMinute: 0, tokensPerMinute: 600, time);
        Assert.True(limiter.TryAcquire(out _));
        limiter.Debit(900); // 300 over: half a minute at 600 a minute

        Assert.False(limiter.TryAcquire(out var wait));
        Assert.Equal(30, wait.TotalSeconds, 6);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(limiter.TryAcquire(out _));
    }

    [Fact]
    public void Zero_means_no_limit()
    {
        var limiter = new KeyLimiter(0, 0, new ManualTime());
        limiter.Debit(1_000_000);
        for (var i = 0; i < 1000; i++) Assert.True(limiter.TryAcquire(out _));
    }
}
