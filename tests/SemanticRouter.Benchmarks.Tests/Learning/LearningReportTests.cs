using SemanticRouter.Benchmarks.Learning;

namespace SemanticRouter.Benchmarks.Tests.Learning;

public sealed class LearningReportTests
{
    private static LearningRunResult Run(string world, string split, double router, double routerMs, double naive, double naiveMs,
        IReadOnlyDictionary<string, double>? family = null) =>
        // The latency at the client is far above the world's for the picks: the targets compare decisions, so they must not read it.
        new(world, split, 100, 50, 0, "clf", new BaselineResult(router, routerMs), routerMs + 500,
            new Dictionary<string, BaselineResult>
            {
                ["label-aware"] = new(0.85, 250), ["naive"] = new(naive, naiveMs), ["always-qwen-max"] = new(0.75, 600),
            },
            family ?? new Dictionary<string, double>(), new Dictionary<string, int>(), 1, 2);

    [Fact]
    public void A_generated_world_on_held_out_sources_is_judged_against_label_aware_and_the_naive_router()
    {
        var met = LearningReport.Checks([Run("generated-101", "held-out", 0.84, 270, 0.81, 280)]);
        Assert.Equal(3, met.Count);
        Assert.All(met, c => Assert.True(c.Met, c.Target));

        var missed = LearningReport.Checks([Run("generated-101", "held-out", 0.83, 280, 0.82, 260)]);
        Assert.False(missed.Single(c => c.Target.StartsWith("score ≥ 98%")).Met); // 0.83 < 0.98 × 0.85
        Assert.False(missed.Single(c => c.Target.StartsWith("latency")).Met);    // 280 > 1.1 × 250
        Assert.False(missed.Single(c => c.Target.StartsWith("score ≥ naive")).Met);
    }

    [Fact]
    public void Family_match_is_a_target_in_the_default_world_on_held_out_sources_only()
    {
        var family = new Dictionary<string, double> { ["math"] = 0.95, ["writing"] = 0.85 };
        var checks = LearningReport.Checks([Run("default", "held-out", 0.84, 250, 0.8, 250, family), Run("generated-1", "same-source", 0.5, 900, 0.9, 100, family)]);
        Assert.Equal(2, checks.Count);
        Assert.True(checks.Single(c => c.Target.Contains("math")).Met);
        Assert.False(checks.Single(c => c.Target.Contains("writing")).Met);
    }

    [Fact]
    public void The_project_split_keeps_the_demo_targets()
    {
        var checks = LearningReport.Checks([Run("permuted", "project", 0.83, 350, 0, 0)]);
        Assert.True(checks.Single(c => c.Target.Contains("97%")).Met);   // 0.83 ≥ 0.97 × 0.85
        Assert.True(checks.Single(c => c.Target.Contains("60%")).Met);   // 350 ≤ 0.6 × 600
        Assert.False(LearningReport.Checks([Run("default", "project", 0.82, 361, 0, 0)]).Any(c => c.Met));
    }
}
