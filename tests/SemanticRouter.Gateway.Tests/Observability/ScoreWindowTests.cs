using SemanticRouter.Gateway.Observability;

namespace SemanticRouter.Gateway.Tests.Observability;

public sealed class ScoreWindowTests
{

    private static double? MeanOf(ScoreWindow window, string model) =>
        window.Means().Where(m => (string)m.Tags.ToArray()[0].Value! == model).Select(m => (double?)m.Value).SingleOrDefault();

    [Fact]
    public void The_mean_covers_the_last_window_of_minutes_only()
    {
        var time = new ManualTime();
        var window = new ScoreWindow(TimeSpan.FromMinutes(15), time);
        window.Add("a", 0.5);
        time.Now += TimeSpan.FromMinutes(10);
        window.Add("a", 1.0);
        window.Add("b", 0.2);
        Assert.Equal(0.75, MeanOf(window, "a"));

        time.Now += TimeSpan.FromMinutes(5.5); // the first score is 15.5 minutes old
        Assert.Equal(1.0, MeanOf(window, "a"));
        Assert.Equal(0.2, MeanOf(window, "b"));

        time.Now += TimeSpan.FromMinutes(15);
        Assert.Null(MeanOf(window, "a"));
    }
}
