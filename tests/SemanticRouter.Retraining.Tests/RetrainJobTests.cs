using SemanticRouter.Retraining;

namespace SemanticRouter.Retraining.Tests;

public sealed class RetrainJobTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 10, 15, 0, TimeSpan.Zero);
    private static readonly CronSchedule EveryTwoSeconds = CronSchedule.Parse("0/2 * * * * ?", At.UtcDateTime);

    [Fact]
    public void A_firing_that_starts_within_a_minute_retrains()
    {
        Assert.Null(RetrainJob.WhySkip(At, At.AddSeconds(1), EveryTwoSeconds));
        Assert.Null(RetrainJob.WhySkip(At, At.AddSeconds(60), EveryTwoSeconds));
    }

    [Fact]
    public void A_firing_that_queued_behind_a_long_retrain_is_skipped_instead_of_piling_up()
    {
        var reason = RetrainJob.WhySkip(At, At.AddSeconds(75), EveryTwoSeconds);
        Assert.Equal("it started 75 s late, behind another retrain; the next firing retrains", reason);
    }

    [Fact]
    public void A_firing_in_a_year_the_expression_leaves_out_is_skipped()
    {
        var in2099 = CronSchedule.Parse("0 0 0 1 1 ? 2099", At.UtcDateTime);
        var newYear2027 = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal("Retrain:Cron allows no firing in 2027", RetrainJob.WhySkip(newYear2027, newYear2027, in2099));
        Assert.Null(RetrainJob.WhySkip(new(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2099, 1, 1, 0, 0, 1, TimeSpan.Zero), in2099));
    }
}
