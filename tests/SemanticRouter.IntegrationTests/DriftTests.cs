using System.Text.Json;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>A model's judge scores falling against its own history: a drift alarm on /metrics and the dashboard, and a retrain.</summary>
public sealed class DriftTests
{
    [Fact]
    public async Task Scores_falling_below_a_models_own_history_raise_a_drift_alarm_that_retrains()
    {
        await using var servers = await TestServers.StartAsync(split: "train", settings: new Dictionary<string, string?>
        {
            ["Retrain:Enabled"] = "true",
            ["Retrain:Cron"] = "0 0 0 1 1 ? 2099", // not in this test's lifetime
            ["Retrain:NewScoredRows"] = "0",
            ["Retrain:DriftRecent"] = "5",
            ["Retrain:DriftHistory"] = "20",
            ["Retrain:DriftDrop"] = "0.15", // 5 standard deviations of the mock's noise over five scores: no false alarm
        });
        var math = EmbeddedData.Questions("train").Items.Where(q => q.Domain == "math").ToList();

        // Easy questions only: every model's scores are steady.
        await TrainingModeAsync(servers, math.Where(q => q.Difficulty == 1).Take(20));
        var steady = await MetricsScrape.ReadAsync(servers.Http);
        Assert.Equal(13, steady.Count(s => s.Name == "semantic_router_drift_alarm"));
        Assert.Equal(0, steady.Sum("semantic_router_drift_alarm"));

        // Then hard ones: the same models score lower than they used to.
        await TrainingModeAsync(servers, math.Where(q => q.Difficulty == 3).Take(10));
        var fallen = await MetricsScrape.ReadAsync(servers.Http);
        Assert.True(fallen.Sum("semantic_router_drift_alarm") >= 1, "no model alarmed");
        Assert.True(fallen.Sum("semantic_router_drift_alarms_total") >= 1);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<string> triggers;
        do
        {
            await Task.Delay(250);
            using var data = JsonDocument.Parse(await servers.Http.GetStringAsync("/dashboard/data.json"));
            triggers = data.RootElement.GetProperty("retrains").EnumerateArray().Select(r => r.GetProperty("trigger").GetString()!).ToList();
        } while (!triggers.Any(t => t.StartsWith("drift:", StringComparison.Ordinal)) && DateTime.UtcNow < deadline);
        Assert.Contains(triggers, t => t.StartsWith("drift:qwen", StringComparison.Ordinal));
    }

    /// <summary>One question at a time, in order: training mode scores every model's answer before the client has it.</summary>
    private static async Task TrainingModeAsync(TestServers servers, IEnumerable<LabeledQuestion> questions)
    {
        foreach (var q in questions) await Collecting.SendAsync(servers, q);
    }
}
