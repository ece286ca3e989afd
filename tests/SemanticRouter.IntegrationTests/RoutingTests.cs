using System.Globalization;
using SemanticRouter.Gateway;
using SemanticRouter.Gateway.Registry;
using SemanticRouter.Mock;
using SemanticRouter.Routing;
using SemanticRouter.Routing.Policy;
using SemanticRouter.Training;

namespace SemanticRouter.IntegrationTests;

/// <summary>Routed requests are answered by the model the shipped classifier picks, and a promotion swaps it live.</summary>
public sealed class RoutingTests
{
    private static readonly QuestionSet Verify = EmbeddedData.Questions("verify");

    [Fact]
    public async Task A_routed_response_carries_the_decision_headers()
    {
        await using var servers = await TestServers.StartAsync();
        using var response = await servers.Http.PostChatAsync(Json.Chat("auto", Verify.Items[0].Question));
        response.EnsureSuccessStatusCode();

        Assert.Equal(ClassifierManifest.Load(ShippedModels.Classifier).Version, response.Headers.GetValues(GatewayHeaders.Version).Single());
        var decisionMs = double.Parse(response.Headers.GetValues(GatewayHeaders.DecisionMs).Single(), CultureInfo.InvariantCulture);
        Assert.InRange(decisionMs, 0.001, 10_000);
        var candidates = response.Headers.GetValues(GatewayHeaders.Candidates).Single().Split(';');
        Assert.Equal(3, candidates.Length);
        Assert.All(candidates, c => Assert.Matches(@"^[a-z0-9.\-]+=-?[0-9.]+$", c));
        var chosen = response.Headers.GetValues(GatewayHeaders.Model).Single();
        Assert.Equal(chosen, candidates[0].Split('=')[0]);
        Assert.Equal(chosen, (await Json.ReadAsync(response)).GetProperty("model").GetString());
    }

    [Fact]
    public async Task An_explicit_request_has_no_decision_headers()
    {
        await using var servers = await TestServers.StartAsync();
        using var response = await servers.Http.PostChatAsync(Json.Chat("qwen-max", Verify.Items[0].Question));
        Assert.False(response.Headers.Contains(GatewayHeaders.Version));
        Assert.False(response.Headers.Contains(GatewayHeaders.Candidates));
    }

    [Fact]
    public async Task The_router_uses_more_than_one_model_across_domains()
    {
        await using var servers = await TestServers.StartAsync();
        var chosen = new HashSet<string>();
        foreach (var question in Verify.Items.Take(40))
        {
            using var response = await servers.Http.PostChatAsync(Json.Chat(null, question.Question));
            chosen.Add(response.Headers.GetValues(GatewayHeaders.Model).Single());
        }
        Assert.True(chosen.Count >= 3, $"only {string.Join(", ", chosen)}");
    }

    [Fact]
    public async Task A_promoted_classifier_is_swapped_in_while_serving()
    {
        await using var servers = await TestServers.StartAsync(split: "train", settings: new Dictionary<string, string?> { ["Routing:WatchSeconds"] = "0.2" });
        await Collecting.TrainingModeAsync(servers, EmbeddedData.Questions("train").Items.Take(60));

        var registry = servers.Service<ClassifierRegistry>();
        var before = registry.Current!.Version;
        var outcome = TrainJob.Run(new TrainOptions { DataDir = servers.DataDir, Promote = "always", Policy = new UtilityPolicy(0.2, 0) },
            registry.Encoder!, registry.Current);
        Assert.True(outcome.Promoted);
        Assert.NotEqual(before, outcome.Version);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        string version;
        do
        {
            using var response = await servers.Http.PostChatAsync(Json.Chat(null, Verify.Items[0].Question));
            version = response.Headers.GetValues(GatewayHeaders.Version).Single();
        } while (version != outcome.Version && DateTime.UtcNow < deadline && await Delay());
        Assert.Equal(outcome.Version, version);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }
}
