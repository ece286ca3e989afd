using System.Text.Json.Nodes;
using SemanticRouter.Benchmarks.Demo;

namespace SemanticRouter.Benchmarks.Tests.Demo;

public sealed class DemoVerdictTests
{
    private static JsonObject Bench(double score, double latencyMs) => new() { ["accuracy"] = score, ["mean_latency_ms"] = latencyMs };

    [Fact]
    public void A_promotion_that_moved_the_score_is_told_as_a_change()
    {
        var verdict = DemoRun.Verdict("permuted", Bench(0.4275, 299.9), Bench(0.845, 232.1), whyNot: null);
        Assert.Equal("the flywheel changed the router: mean score 0.4275 -> 0.8450, mean latency 300 -> 232 ms on the same verify questions, from the data it recorded and nothing else.", verdict);
    }

    [Fact]
    public void A_promotion_on_noise_is_not_told_as_learning()
    {
        var verdict = DemoRun.Verdict("default", Bench(0.8450, 280), Bench(0.8452, 279), whyNot: null);
        Assert.StartsWith("the flywheel promoted a new classifier, but it routes about as the old one did", verdict);
    }

    [Fact]
    public void No_promotion_says_why_and_in_the_default_world_where_to_look_instead()
    {
        var verdict = DemoRun.Verdict("default", Bench(0.8450, 280), Bench(0.8450, 280), "the challenger v was not promoted: utility 0.7683 < champion 0.7690 + margin 0");
        Assert.Contains("did not change the router", verdict);
        Assert.Contains("utility 0.7683 < champion 0.7690", verdict);
        Assert.Contains("--world permuted", verdict);
    }
}
