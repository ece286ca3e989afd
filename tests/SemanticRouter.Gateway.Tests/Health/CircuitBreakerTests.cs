using SemanticRouter.Gateway.Health;
using Outcome = SemanticRouter.Gateway.Health.CircuitBreaker.Outcome;

namespace SemanticRouter.Gateway.Tests.Health;

public class CircuitBreakerTests
{
    private readonly ManualTime _time = new();

    private CircuitBreaker Breaker(int minimumThroughput = 4) =>
        new(new BreakerSettings(0.5, minimumThroughput, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), _time);

    /// <summary>A breaker that opened on two failures and whose break has just ended.</summary>
    private CircuitBreaker OpenedThenBreakOver()
    {
        var breaker = Breaker(minimumThroughput: 2);
        Call(breaker, Outcome.Failure);
        Call(breaker, Outcome.Failure);
        Assert.False(breaker.IsAvailable);
        _time.Advance(TimeSpan.FromSeconds(5));
        return breaker;
    }

    private static void Call(CircuitBreaker breaker, Outcome outcome)
    {
        Assert.True(breaker.TryEnter(out _));
        breaker.Record(outcome);
    }

    [Fact]
    public void Opens_when_the_failure_ratio_is_reached_with_enough_calls_and_refuses_until_the_break_ends()
    {
        var breaker = Breaker();
        Call(breaker, Outcome.Success);
        Call(breaker, Outcome.Failure);
        Call(breaker, Outcome.Success);
        Assert.True(breaker.IsAvailable); // 1 of 3: too few calls and under the ratio
        Call(breaker, Outcome.Failure);   // 2 of 4: opens

        Assert.False(breaker.IsAvailable);
        Assert.False(breaker.TryEnter(out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(5), retryAfter);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(breaker.TryEnter(out retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(3), retryAfter);
    }

    [Fact]
    public void Failures_below_the_minimum_throughput_do_not_open_it()
    {
        var breaker = Breaker();
        for (var i = 0; i < 3; i++) Call(breaker, Outcome.Failure);
        Assert.True(breaker.IsAvailable);
    }

    [Fact]
    public void After_the_break_one_probe_goes_and_its_success_closes_the_circuit()
    {
        var breaker = OpenedThenBreakOver();

        Assert.True(breaker.IsAvailable);
        Assert.True(breaker.TryEnter(out _));  // the probe
        Assert.False(breaker.IsAvailable);
        Assert.False(breaker.TryEnter(out var retryAfter)); // only one probe at a time
        Assert.Null(retryAfter);
        breaker.Record(Outcome.Success);

        Assert.True(breaker.IsAvailable);
        Call(breaker, Outcome.Failure); // the old failures are forgotten: one failure alone does not reopen it
        Assert.True(breaker.IsAvailable);
    }

    [Fact]
    public void A_failed_probe_opens_the_circuit_for_another_break()
    {
        var breaker = OpenedThenBreakOver();
        Call(breaker, Outcome.Failure);

        Assert.False(breaker.TryEnter(out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(5), retryAfter);
    }

    [Fact]
    public void An_abandoned_probe_lets_the_next_call_probe_at_once()
    {
        var breaker = OpenedThenBreakOver();
        Call(breaker, Outcome.Abandoned);

        Assert.True(breaker.IsAvailable);
        Assert.True(breaker.TryEnter(out _));
    }

    [Fact]
    public void Failures_older_than_the_sampling_window_age_out()
    {
        var breaker = Breaker();
        Call(breaker, Outcome.Failure);
        Call(breaker, Outcome.Failure);
        Call(breaker, Outcome.Failure);
        _time.Advance(TimeSpan.FromSeconds(11));
        Call(breaker, Outcome.Failure); // 1 of 1 in the window now: too few calls
        Assert.True(breaker.IsAvailable);
        Call(breaker, Outcome.Success);
        Call(breaker, Outcome.Failure);
        Call(breaker, Outcome.Failure); // 3 of 4 within the window
        Assert.False(breaker.IsAvailable);
    }

    [Fact]
    public void Abandoned_calls_count_neither_way()
    {
        var breaker = Breaker();
        Call(breaker, Outcome.Failure);
        Call(breaker, Outcome.Failure);
        for (var i = 0; i < 10; i++) Call(breaker, Outcome.Abandoned);
        Assert.True(breaker.IsAvailable);
        Call(breaker, Outcome.Success);
        Call(breaker, Outcome.Failure); // 3 of 4
        Assert.False(breaker.IsAvailable);
    }
}
