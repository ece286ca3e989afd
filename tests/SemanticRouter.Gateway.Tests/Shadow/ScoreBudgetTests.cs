using SemanticRouter.Gateway.Shadow;

namespace SemanticRouter.Gateway.Tests.Shadow;

public sealed class ScoreBudgetTests
{
    [Fact]
    public void A_burst_gets_one_seconds_worth_then_the_budget_refills_with_time_up_to_one_second()
    {
        var time = new ManualTime();
        var budget = new ScoreBudget(5, time);
        Assert.Equal(5, Enumerable.Range(0, 100).Count(_ => budget.TryTake()));

        time.Advance(TimeSpan.FromMilliseconds(200)); // one fifth of a second: one more
        Assert.True(budget.TryTake());
        Assert.False(budget.TryTake());

        time.Advance(TimeSpan.FromMinutes(10)); // an idle spell saves up no more than a second's worth
        Assert.Equal(5, Enumerable.Range(0, 100).Count(_ => budget.TryTake()));
    }

    [Fact]
    public void A_cap_below_one_a_second_still_takes_once_it_has_saved_up_one()
    {
        var time = new ManualTime();
        var budget = new ScoreBudget(0.5, time);
        Assert.True(budget.TryTake());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(budget.TryTake());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(budget.TryTake());
    }

    [Fact]
    public void No_cap_takes_every_time()
    {
        var budget = new ScoreBudget(0, new ManualTime());
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(budget.TryTake()));
    }
}
