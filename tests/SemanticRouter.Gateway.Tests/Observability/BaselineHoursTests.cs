using SemanticRouter.Gateway.Observability;

namespace SemanticRouter.Gateway.Tests.Observability;

public sealed class BaselineHoursTests
{
    [Fact]
    public void Each_model_and_clock_hour_of_the_last_day_has_its_outcomes_score_ratio_and_savings_per_pair()
    {
        var time = new ManualTime(); // 00:00:30
        var hours = new BaselineHours(time);
        hours.Outcome("a", "win", 0.2, 0.01);
        hours.Scores("a", 0.9, 0.6);
        hours.Outcome("a", "tie", -0.1, 0.02);
        hours.Scores("a", 0.6, 0.6);
        time.Advance(TimeSpan.FromMinutes(70)); // 01:10: the next hour
        hours.Outcome("a", "loss", 0.5, 0.0);
        hours.Outcome("b", "win", 0.0, 0.0);

        var rows = hours.Rows();
        Assert.Equal([("01", "a"), ("01", "b"), ("00", "a")], rows.Select(r => (r.Hour.ToString("HH"), r.Model)));
        var first = rows[2];
        Assert.Equal((2L, 1L, 1L, 0L), (first.Pairs, first.Win, first.Tie, first.Loss));
        Assert.Equal(1.5 / 1.2, first.ScoreRatio!.Value, 9);
        Assert.Equal(50, first.LatencySavedMs!.Value, 9); // (0.2 - 0.1) s over 2 pairs
        Assert.Equal(0.03, first.CostSaved, 9);
        Assert.Null(rows[0].ScoreRatio); // a pair with no scores (pairwise mode, unscored) has no ratio

        time.Advance(TimeSpan.FromHours(23)); // 00:10 the next day: the first hour is gone, its slot free for this one
        hours.Outcome("a", "win", 0, 0);
        Assert.Equal([("00", "a", 1L), ("01", "a", 1L), ("01", "b", 1L)], hours.Rows().Select(r => (r.Hour.ToString("HH"), r.Model, r.Pairs)));
        time.Advance(TimeSpan.FromHours(24));
        Assert.Empty(hours.Rows());
    }
}
