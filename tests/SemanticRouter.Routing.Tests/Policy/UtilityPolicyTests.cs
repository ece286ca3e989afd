using SemanticRouter.Routing.Policy;

namespace SemanticRouter.Routing.Tests.Policy;

public sealed class UtilityPolicyTests
{
    private static readonly string[] Models = ["big", "small", "general"];
    private static readonly double[] Scores = [0.92, 0.88, 0.80];
    private static readonly double[] Latencies = [0.9, 0.1, 0.5];
    private static readonly double[] Costs = [0.01, 0.001, 0.02];

    [Fact]
    public void Without_a_latency_weight_the_best_score_wins()
    {
        var ranked = new UtilityPolicy(0, 0).Rank(Models, Scores, Latencies, Costs, _ => true);
        Assert.Equal(["big", "small", "general"], ranked.Select(c => c.Model));
    }

    [Fact]
    public void A_latency_weight_trades_score_for_speed()
    {
        var ranked = new UtilityPolicy(0.2, 0).Rank(Models, Scores, Latencies, Costs, _ => true);
        Assert.Equal("small", ranked[0].Model);
        Assert.Equal(0.88 - 0.2 * 0.1, ranked[0].Utility, 12);
    }

    [Fact]
    public void A_cost_weight_counts_against_expensive_models()
    {
        var ranked = new UtilityPolicy(0, 10).Rank(Models, Scores, Latencies, Costs, _ => true);
        Assert.Equal("small", ranked[0].Model);
        Assert.Equal("general", ranked[^1].Model);
    }

    [Fact]
    public void Ties_go_to_the_faster_model()
    {
        var ranked = new UtilityPolicy(0, 0).Rank(["slow", "fast"], [0.9, 0.9], [1.0, 0.2], [0, 0], _ => true);
        Assert.Equal("fast", ranked[0].Model);
    }

    [Fact]
    public void Models_that_are_not_available_are_not_candidates()
    {
        var ranked = new UtilityPolicy(0, 0).Rank(Models, Scores, Latencies, Costs, m => m != "big");
        Assert.Equal(["small", "general"], ranked.Select(c => c.Model));
    }

    [Fact]
    public void A_confident_decision_goes_to_the_best_ranked_model()
    {
        var ranked = new UtilityPolicy(0, 0, fallbackModel: "general").Rank(Models, Scores, Latencies, Costs, _ => true);
        Assert.Equal(("big", false), new UtilityPolicy(0, 0, "general").Choose(new Decision(ranked, Confident: true, 0, 0), _ => true));
    }

    [Fact]
    public void A_decision_the_classifier_is_not_sure_of_goes_to_the_fallback_model_when_it_is_available()
    {
        var policy = new UtilityPolicy(0, 0, fallbackModel: "general");
        var ranked = policy.Rank(Models, Scores, Latencies, Costs, _ => true);
        Assert.Equal(("general", true), policy.Choose(new Decision(ranked, Confident: false, 9, 0), _ => true));
        Assert.Equal(("big", false), policy.Choose(new Decision(ranked, Confident: false, 9, 0), m => m != "general"));
        Assert.Equal(("big", false), new UtilityPolicy(0, 0).Choose(new Decision(ranked, Confident: false, 9, 0), _ => true));
        Assert.Equal(("general", true), policy.Choose(new Decision([], Confident: true, 0, 0), _ => true));
        Assert.Equal((null, false), new UtilityPolicy(0, 0).Choose(new Decision([], Confident: true, 0, 0), _ => true));
    }
}
