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

    /// <summary>
    /// A follow-up whose last message says nothing of its domain, in a conversation that began on one domain and moved
    /// to another in a middle turn: the router reads the recent turns, so it answers where the middle turn would go.
    /// </summary>
    [Fact]
    public async Task A_follow_up_is_routed_by_the_user_turns_before_it_not_only_the_first_message()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["Routing:MaxSessions"] = "0" });
        var writing = Verify.Items.First(q => q.Domain == "writing" && q.Question.StartsWith("帮我写一条给房东", StringComparison.Ordinal)).Question;
        var code = Verify.Items.First(q => q.Domain == "code" && q.Question.StartsWith("写个Python", StringComparison.Ordinal)).Question;
        const string followUp = "能再详细一点吗？";
        async Task<string> RoutedAsync(params string[] turns)
        {
            var messages = turns.Select((text, i) => new { role = i % 2 == 0 ? "user" : "assistant", content = text }).ToArray();
            using var response = await servers.Http.PostChatAsync(new { model = "auto", messages });
            response.EnsureSuccessStatusCode();
            return response.Headers.GetValues(GatewayHeaders.Model).Single();
        }
        var (onWriting, onCode) = (await RoutedAsync(writing), await RoutedAsync(code));
        Assert.NotEqual(onWriting, onCode); // the two domains go to different models, else this test tells nothing
        Assert.NotEqual(onCode, await RoutedAsync(followUp));
        Assert.NotEqual(onCode, await RoutedAsync(followUp, "", writing)); // the first message alone does not make it code

        // A conversation that opens with small talk and asks its code question in a middle turn: the follow-up goes where
        // the code question goes (read from the user's turns; the assistant's answers are not read).
        const string script = "from collections import Counter\nimport sys\nprint(Counter(open(sys.argv[1]).read().split()).most_common())";
        Assert.Equal(onCode, await RoutedAsync("你好，我有几个问题想请教一下。", "好的，请问吧。", code, script, followUp));
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
