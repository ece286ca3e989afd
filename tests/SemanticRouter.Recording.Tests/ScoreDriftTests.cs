namespace SemanticRouter.Recording.Tests;

public sealed class ScoreDriftTests
{
    [Fact]
    public void Steady_scores_raise_no_alarm()
    {
        var drift = new ScoreDrift(recent: 5, history: 20, drop: 0.1);
        for (var i = 0; i < 100; i++) drift.Observe("m", i % 2 == 0 ? 0.75 : 0.85);
        Assert.Equal(0, drift.AlarmsRaised);
        Assert.False(Assert.Single(drift.Snapshot()).Alarmed);
    }

    [Fact]
    public void A_fall_below_the_models_own_history_alarms_once_until_it_recovers()
    {
        var drift = new ScoreDrift(recent: 5, history: 20, drop: 0.1);
        for (var i = 0; i < 20; i++) drift.Observe("m", 0.8);
        for (var i = 0; i < 5; i++) drift.Observe("m", 0.6);
        Assert.Equal(1, drift.AlarmsRaised);
        Assert.Equal("m", drift.LastAlarmed);
        var state = Assert.Single(drift.Snapshot());
        Assert.True(state.Alarmed);
        Assert.Equal(0.6, state.RecentMean, 9);

        drift.Observe("m", 0.6); // still fallen: the same alarm, not a new one
        Assert.Equal(1, drift.AlarmsRaised);
        for (var i = 0; i < 5; i++) drift.Observe("m", 0.8); // back within half the bound of its history
        Assert.False(drift.Snapshot()[0].Alarmed);
        for (var i = 0; i < 5; i++) drift.Observe("m", 0.4);
        Assert.Equal(2, drift.AlarmsRaised);
    }

    [Fact]
    public void Each_model_is_judged_against_its_own_history()
    {
        var drift = new ScoreDrift(recent: 5, history: 20, drop: 0.1);
        for (var i = 0; i < 25; i++) drift.Observe("strong", 0.9);
        for (var i = 0; i < 25; i++) drift.Observe("weak", 0.3); // far below the strong one, but steady
        Assert.Equal(0, drift.AlarmsRaised);
    }

    [Fact]
    public void Too_few_scores_to_compare_raise_no_alarm()
    {
        var drift = new ScoreDrift(recent: 5, history: 20, drop: 0.1);
        for (var i = 0; i < 4; i++) drift.Observe("m", 0.9);
        for (var i = 0; i < 5; i++) drift.Observe("m", 0.1); // 4 scores of history: fewer than the recent window
        Assert.Equal(0, drift.AlarmsRaised);
    }

    [Fact]
    public void A_drop_of_zero_watches_nothing()
    {
        var drift = new ScoreDrift(recent: 5, history: 20, drop: 0);
        for (var i = 0; i < 20; i++) drift.Observe("m", 0.9);
        for (var i = 0; i < 5; i++) drift.Observe("m", 0.0);
        Assert.Equal(0, drift.AlarmsRaised);
        Assert.Empty(drift.Snapshot());
    }
}
