using System.Net;
using SemanticRouter.Gateway;
using SemanticRouter.Mock;
using SemanticRouter.Routing;
using SemanticRouter.Routing.Estimation;
using SemanticRouter.Routing.Registry;

namespace SemanticRouter.IntegrationTests;

/// <summary>Promotion you can trust: a burst of a few rows is not promoted, and a bad champion is rolled back by its live scores.</summary>
public sealed class PromotionTests
{
    [Fact]
    public async Task A_retrain_on_a_burst_of_few_rows_is_not_promoted()
    {
        await using var servers = await TestServers.StartAsync(split: "train");
        await Collecting.TrainingModeAsync(servers, EmbeddedData.Questions("train").Items.Take(60)); // 780 rows in seconds
        using var response = await servers.Http.PostAsync("/admin/retrain", null);
        var result = await Json.ReadAsync(response);
        Assert.Equal("not-promoted", result.GetProperty("status").GetString());
        Assert.Contains("held-out questions, fewer than the 50 a promotion needs", result.GetProperty("message").GetString());
        Assert.Null(new ClassifierStore(servers.DataDir).Champion());
    }

    [Fact]
    public async Task A_champion_whose_live_scores_drop_is_rolled_back_and_one_that_holds_is_kept()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Routing:RollbackAnswers"] = "20",
            ["Routing:WatchSeconds"] = "0.1",
            ["Shadow:SampleRate"] = "0",
        });
        var questions = EmbeddedData.Questions("verify").Items.ToList();
        var store = new ClassifierStore(servers.DataDir);
        var shipped = servers.Service<Gateway.Registry.ClassifierRegistry>().Shipped!;
        await AskAsync(servers, questions[..30], expectedScored: 30);

        Save(store, "clf-copy", shipped, shipped.Head);
        store.Promote("clf-copy");
        await AskAsync(servers, questions[30..60], expectedScored: 60, servedBy: "clf-copy");
        Assert.Equal("clf-copy", store.Champion());
        Assert.False(File.Exists(Path.Combine(store.Folder("clf-copy"), "rollback.json")));

        Save(store, "clf-bad", shipped, Always(shipped.Head, WorstModel(questions[60..])));
        store.Promote("clf-bad");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var next = 60;
        while (store.Champion() != "clf-copy" && next < questions.Count && DateTime.UtcNow < deadline)
            await AskAsync(servers, [questions[next++]], expectedScored: 0);
        Assert.Equal("clf-copy", store.Champion());
        Assert.True(File.Exists(Path.Combine(store.Folder("clf-bad"), "rollback.json")));
        var samples = await MetricsScrape.ReadAsync(servers.Http);
        Assert.Equal(1, samples.Sum("semantic_router_classifier_rollbacks_total", ("version", "clf-bad")));
        // The pointer moves first, then the gateway swaps (at once here, within Routing:WatchSeconds in every gateway).
        string served;
        deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            using var after = await servers.Http.PostChatAsync(Json.Chat(null, questions[^1].Question));
            served = after.Headers.GetValues(GatewayHeaders.Version).Single();
        } while (served != "clf-copy" && DateTime.UtcNow < deadline);
        Assert.Equal("clf-copy", served);
    }

    /// <summary>Asks routed questions one at a time (after the registry serves <paramref name="servedBy"/>) and waits for their scores.</summary>
    private static async Task AskAsync(TestServers servers, IReadOnlyList<LabeledQuestion> questions, int expectedScored, string? servedBy = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (servedBy is not null && DateTime.UtcNow < deadline)
        {
            using var probe = await servers.Http.PostChatAsync(Json.Chat(null, "warm-up: which version serves?"));
            if (probe.Headers.GetValues(GatewayHeaders.Version).Single() == servedBy) break;
            await Task.Delay(100);
        }
        foreach (var question in questions)
        {
            using var response = await servers.Http.PostChatAsync(Json.Chat(null, question.Question));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        if (expectedScored > 0)
            Assert.True(await FlywheelFiles.WaitForAsync(servers.DataDir, expectedScored, "mode = 'routed' AND score >= 0 AND question NOT LIKE 'warm-up%'") >= expectedScored);
    }

    /// <summary>The catalog model with the lowest mean score on these questions in the mock's world.</summary>
    private static string WorstModel(IReadOnlyList<LabeledQuestion> questions)
    {
        var world = EmbeddedData.World("default");
        return world.Models.OrderBy(m => questions.Average(q => world.Score(q, m))).First().Id;
    }

    /// <summary>A head that predicts a perfect, instant answer from <paramref name="model"/> and nothing from the others, and is sure of it.</summary>
    private static RoutingHead Always(RoutingHead head, string model)
    {
        var n = head.FeatureCount;
        var score = new float[head.ScoreWeights.Length];
        score[Array.IndexOf(head.Models, model) * n + n - 1] = 1; // the constant feature's weight
        return new RoutingHead
        {
            Models = head.Models, EmbeddingDim = head.EmbeddingDim, ScoreWeights = score, LatencyWeights = new float[head.LatencyWeights.Length],
            MeanCost = head.MeanCost, LeverageInverse = head.LeverageInverse, LeverageThreshold = double.MaxValue,
        };
    }

    private static void Save(ClassifierStore store, string version, Classifier like, RoutingHead head)
    {
        var folder = Directory.CreateDirectory(store.Folder(version)).FullName;
        head.Save(Path.Combine(folder, "head.json"));
        (like.Manifest with { Version = version, Created = DateTimeOffset.UtcNow, Head = "head.json" }).Save(folder);
    }
}
