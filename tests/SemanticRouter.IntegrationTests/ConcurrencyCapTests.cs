using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>Per-model concurrency caps against a real upstream on loopback that never answers.</summary>
public sealed class ConcurrencyCapTests
{
    [Fact]
    public async Task A_hung_model_holds_only_its_cap_the_excess_gets_503_at_once_and_a_routed_request_falls_back()
    {
        var question = EmbeddedData.Questions("verify").Items.First(q => q.Domain == "math").Question;
        var chosen = await TestServers.RoutedModelAsync(question);
        await using var upstream = await FaultyUpstream.StartAsync("hung");
        upstream.Set("hung", Fault.Hang);
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            // The model the router prefers for this question now lives on an upstream that never answers.
            ["Gateway:Models:0:Name"] = chosen,
            ["Gateway:Models:0:BaseUrl"] = upstream.Url.ToString(),
            ["Gateway:Models:0:UpstreamModel"] = "hung",
            ["Gateway:Models:0:FirstByteTimeoutSeconds"] = "600",
            ["Gateway:Models:0:MaxConcurrentRequests"] = "2",
            ["Gateway:Models:0:MaxQueuedRequests"] = "1",
        });
        using var hangUp = new CancellationTokenSource();
        using var http = new HttpClient { BaseAddress = servers.GatewayUrl, Timeout = Timeout.InfiniteTimeSpan };
        Task<HttpResponseMessage> Send(string path, string json) => http.PostAsync(path, Json.Body(json), hangUp.Token);
        var chat = $$"""{"model": {{JsonSerializer.Serialize(chosen)}}, "messages": [{"role": "user", "content": "hi"}]}""";

        // Two requests take the model's slots and hang at the upstream; a third waits in the queue.
        var held = Enumerable.Range(0, 3).Select(_ => Send("/v1/chat/completions", chat)).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (upstream.Calls("hung") < 2 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(2, upstream.Calls("hung"));

        // Past the cap and the queue: answered at once, in each caller's protocol, while the held ones still hang.
        var excessChat = Send("/v1/chat/completions", chat);
        var excessMessages = Send("/v1/messages",
            $$"""{"model": {{JsonSerializer.Serialize(chosen)}}, "max_tokens": 50, "messages": [{"role": "user", "content": "hi"}]}""");
        using var refusedChat = await excessChat.WaitAsync(TimeSpan.FromSeconds(60));
        using var refusedMessages = await excessMessages.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(held, h => Assert.False(h.IsCompleted));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusedChat.StatusCode);
        Assert.NotNull(refusedChat.Headers.RetryAfter);
        Assert.Equal("model_overloaded", (await Json.ReadAsync(refusedChat)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusedMessages.StatusCode);
        Assert.NotNull(refusedMessages.Headers.RetryAfter);
        var anthropic = await Json.ReadAsync(refusedMessages);
        Assert.Equal("error", anthropic.GetProperty("type").GetString());
        Assert.Equal("overloaded_error", anthropic.GetProperty("error").GetProperty("type").GetString());

        // A routed request whose first choice is the capped model gets the next-best model's answer.
        using var routed = await servers.Http.PostChatAsync(Json.Chat("auto", question));
        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
        var answeredBy = routed.Headers.GetValues("x-semantic-router-model").Single();
        Assert.NotEqual(chosen, answeredBy);

        // Training mode's fan-out to every model gets the capped model's refusal at once and the others' answers.
        using var training = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(Json.Chat("auto", question)) };
        training.Headers.Add("X-Training-Mode", "true");
        using var fannedOut = await servers.Http.SendAsync(training);
        Assert.Equal(HttpStatusCode.OK, fannedOut.StatusCode);
        Assert.Contains($"{chosen}=null", fannedOut.Headers.GetValues("x-semantic-router-scores").Single());

        Assert.All(held, h => Assert.False(h.IsCompleted));
        Assert.Equal(2, upstream.Calls("hung")); // neither the queued, the refused, the routed nor the fanned-out request reached it
        var metrics = await MetricsScrape.ReadAsync(servers.Http);
        Assert.Equal(4, metrics.Sum("semantic_router_upstream_errors_total", ("model", chosen), ("kind", "concurrency_cap")));

        hangUp.Cancel();
        foreach (var h in held) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h);
    }
}
