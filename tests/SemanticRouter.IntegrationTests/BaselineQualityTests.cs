namespace SemanticRouter.IntegrationTests;

/// <summary>Live quality against the baseline on /metrics, from the scored shadow pairs.</summary>
public sealed class BaselineQualityTests
{
    [Fact]
    public async Task Every_scored_shadow_pair_is_a_win_tie_or_loss_with_both_scores_and_what_routing_saved()
    {
        await using var servers = await TestServers.StartAsync(latencyScale: 0.05);
        var questions = Mock.EmbeddedData.Questions("verify").Items.Take(12).ToList();
        var routedModels = new List<string>();
        foreach (var question in questions)
        {
            using var response = await servers.Http.PostChatAsync(Json.Chat(null, question.Question));
            routedModels.Add(response.Headers.GetValues(Gateway.GatewayHeaders.Model).Single());
        }
        var pairs = routedModels.Count(m => m != "qwen-max"); // a request routed to the baseline itself gets no shadow call
        Assert.True(pairs > 0);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<MetricsScrape.Sample> samples;
        do samples = await MetricsScrape.ReadAsync(servers.Http);
        while (samples.Sum("semantic_router_baseline_outcomes_total") < pairs && DateTime.UtcNow < deadline && await Delay());
        Assert.Equal(pairs, samples.Sum("semantic_router_baseline_outcomes_total"));

        var world = Mock.EmbeddedData.World("default");
        double routed = 0, baseline = 0;
        for (var i = 0; i < questions.Count; i++)
        {
            if (routedModels[i] == "qwen-max") continue;
            routed += world.Score(questions[i], world.Find(routedModels[i])!);
            baseline += world.Score(questions[i], world.Find("qwen-max")!);
        }
        Assert.Equal(routed, samples.Sum("semantic_router_baseline_score_total", ("side", "routed")), 3);
        Assert.Equal(baseline, samples.Sum("semantic_router_baseline_score_total", ("side", "baseline")), 3);
        Assert.NotEqual(0, samples.Sum("semantic_router_baseline_latency_saved_seconds_total"));
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }
}
