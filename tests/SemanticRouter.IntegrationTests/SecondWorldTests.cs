using SemanticRouter.Benchmarks;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Registry;
using SemanticRouter.Gateway.Routing;
using SemanticRouter.Mock;
using SemanticRouter.Training;
using Xunit.Abstractions;

namespace SemanticRouter.IntegrationTests;

/// <summary>
/// The router learns the world it is in. In the permuted world (family names no longer say what a model is good
/// at), the shipped classifier routes badly; after collecting a slice of that world's train set through the gateway
/// and retraining, with no code or config change, it routes close to the label-aware policy.
/// </summary>
public sealed class SecondWorldTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Retraining_on_the_permuted_worlds_data_lifts_the_score_to_near_label_aware()
    {
        await using var servers = await TestServers.StartAsync(latencyScale: 0.2, split: "all", world: "permuted",
            settings: new Dictionary<string, string?> { ["Routing:WatchSeconds"] = "0.2" });
        var world = EmbeddedData.World("permuted");
        var verify = EmbeddedData.Questions("verify").Items.Take(80).ToList();
        var evaluate = new Uri(servers.MockUrl, "/v1/evaluate");
        var items = verify.Select(q => new QuestionItem(q.Id, q.Question)).ToList();

        var before = (await BenchRunner.RunAsync(servers.GatewayUrl, evaluate, items, _ => null, 8, default)).Average(r => r.Score);
        await Collecting.TrainingModeAsync(servers, EmbeddedData.Questions("train").Items.Take(300));
        var registry = servers.Service<ClassifierRegistry>();
        var routing = new RoutingOptions();
        var outcome = TrainJob.Run(new TrainOptions { DataDir = servers.DataDir, Policy = routing.Policy() },
            registry.Encoder!, registry.Current);
        Assert.True(outcome.Promoted, TrainJob.Describe(outcome));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (registry.Current?.Version != outcome.Version && DateTime.UtcNow < deadline) await Task.Delay(100);

        var after = (await BenchRunner.RunAsync(servers.GatewayUrl, evaluate, items, _ => null, 8, default)).Average(r => r.Score);
        var labelAware = Baselines.Compute(world, verify, routing.Policy())["label-aware"].Accuracy;
        output.WriteLine($"permuted world, {verify.Count} verify questions: before {before:F4}, after {after:F4}, label-aware {labelAware:F4}");
        Assert.True(after >= before + 0.05, $"before {before:F4}, after {after:F4}");
        Assert.True(after >= 0.95 * labelAware, $"after {after:F4}, label-aware {labelAware:F4}");
    }
}
