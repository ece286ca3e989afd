using System.Diagnostics;
using System.Net;
using System.Text.Json;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>Upstream faults, against a misbehaving upstream the test starts: retries, circuit breaking, timeouts, cut streams, fallback.</summary>
public sealed class ResilienceTests
{
    private static async Task<(FaultyUpstream Upstream, TestServers Servers)> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var upstream = await FaultyUpstream.StartAsync("good", "flaky", "down", "slow", "cut");
        var all = new Dictionary<string, string?>
        {
            ["Gateway:Upstream"] = upstream.Url.ToString(),
            ["Gateway:FirstByteTimeoutSeconds"] = "1",
            ["Shadow:EvaluateUrl"] = "",
            ["Resilience:RetryDelayMs"] = "10",
        };
        foreach (var (key, value) in settings ?? []) all[key] = value;
        return (upstream, await TestServers.StartAsync(settings: all));
    }

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response) => (await Json.ReadAsync(response)).GetProperty("error");

    [Fact]
    public async Task A_503_is_retried_before_the_first_byte_and_the_client_gets_the_answer()
    {
        var (upstream, servers) = await StartAsync();
        await using var _ = upstream;
        await using var __ = servers;
        upstream.Set("flaky", Fault.Status503, times: 2);

        using var response = await servers.Http.PostChatAsync(Json.Chat("flaky", "hello"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, upstream.Calls("flaky"));
        var metrics = await MetricsScrape.ReadAsync(servers.Http);
        Assert.Equal(2, metrics.Sum("semantic_router_upstream_errors_total", ("model", "flaky"), ("kind", "status_5xx")));
    }

    [Theory]
    [InlineData(Fault.Status503, 503)]
    [InlineData(Fault.Status429, 503)]
    [InlineData(Fault.Reset, 502)]
    public async Task An_explicit_model_that_keeps_failing_gets_an_OpenAI_error_after_its_retries_and_is_not_rerouted(Fault fault, int status)
    {
        var (upstream, servers) = await StartAsync();
        await using var _ = upstream;
        await using var __ = servers;
        upstream.Set("down", fault);

        using var response = await servers.Http.PostChatAsync(Json.Chat("down", "hello"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("upstream_error", (await ErrorOf(response)).GetProperty("type").GetString());
        Assert.Equal(3, upstream.Calls("down"));
        Assert.Equal(0, upstream.Calls("good") + upstream.Calls("flaky"));
    }

    [Fact]
    public async Task An_upstream_that_never_sends_a_first_byte_is_cut_at_the_first_byte_timeout_with_a_504()
    {
        var (upstream, servers) = await StartAsync();
        await using var _ = upstream;
        await using var __ = servers;
        upstream.Set("slow", Fault.Hang);

        var clock = Stopwatch.StartNew();
        using var response = await servers.Http.PostChatAsync(Json.Chat("slow", "hello"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream_timeout", (await ErrorOf(response)).GetProperty("code").GetString());
        Assert.Equal(1, upstream.Calls("slow")); // a timeout is not retried
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Stream_cut_midway_ends_with_an_error_event_then_DONE_and_the_failure_is_recorded()
    {
        var (upstream, servers) = await StartAsync();
        await using var _ = upstream;
        await using var __ = servers;
        upstream.Set("cut", Fault.CutStream);

        var events = await Sse.ReadEventsAsync(servers.Http, Json.Chat("cut", "hello", stream: true));

        Assert.Equal("An ", events[0].Content);
        Assert.Equal("[DONE]", events[^1].Data);
        using var error = JsonDocument.Parse(events[^2].Data);
        Assert.Equal("stream_interrupted", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, await FlywheelFiles.WaitForAsync(servers.DataDir, 1, "model = 'cut' AND error LIKE '%broke off%'"));
        var metrics = await MetricsScrape.ReadAsync(servers.Http);
        Assert.Equal(1, metrics.Sum("semantic_router_upstream_errors_total", ("model", "cut"), ("kind", "stream_cut")));
    }

    [Theory]
    [InlineData(Fault.CutStream)]
    [InlineData(Fault.EndWithoutDone)] // a body that ends cleanly without its terminator was cut all the same
    public async Task A_model_whose_streams_keep_breaking_off_opens_its_circuit_though_its_headers_said_200(Fault fault)
    {
        var (upstream, servers) = await StartAsync(new()
        {
            ["Resilience:Retries"] = "0",
            ["Resilience:BreakerMinimumThroughput"] = "2",
            ["Resilience:BreakerBreakSeconds"] = "30",
        });
        await using var _ = upstream;
        await using var __ = servers;
        upstream.Set("cut", fault);

        for (var i = 0; i < 2; i++)
        {
            var events = await Sse.ReadEventsAsync(servers.Http, Json.Chat("cut", "hello", stream: true));
            Assert.Equal("An ", events[0].Content);
            Assert.Equal("[DONE]", events[^1].Data);
            using var error = JsonDocument.Parse(events[^2].Data);
            Assert.Equal("stream_interrupted", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        }
        // Recorded as a failure (never scored, so never trained on), counted, and heard by the breaker.
        Assert.Equal(2, await FlywheelFiles.WaitForAsync(servers.DataDir, 2, "model = 'cut' AND error LIKE '%broke off%' AND score IS NULL"));
        var metrics = await MetricsScrape.ReadAsync(servers.Http);
        Assert.Equal(2, metrics.Sum("semantic_router_upstream_errors_total", ("model", "cut"), ("kind", "stream_cut")));
        using var skipped = await servers.Http.PostChatAsync(Json.Chat("cut", "hello", stream: true));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, skipped.StatusCode);
        Assert.Equal("model_unavailable", (await ErrorOf(skipped)).GetProperty("code").GetString());
        Assert.Equal(2, upstream.Calls("cut"));
    }

    [Fact]
    public async Task A_stream_that_stalls_between_chunks_ends_with_an_error_event_at_the_idle_timeout()
    {
        var (upstream, servers) = await StartAsync(new()
        {
            ["Gateway:StreamIdleTimeoutSeconds"] = "1",
            ["Gateway:UpstreamTimeoutSeconds"] = "30",
        });
        await using var _ = upstream;
        await using var __ = servers;
        upstream.Set("cut", Fault.StallStream);

        var clock = Stopwatch.StartNew();
        var events = await Sse.ReadEventsAsync(servers.Http, Json.Chat("cut", "hello", stream: true));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the stalled stream held the client {clock.Elapsed}");
        Assert.Equal("An ", events[0].Content);
        Assert.Equal("[DONE]", events[^1].Data);
        using var error = JsonDocument.Parse(events[^2].Data);
        Assert.Equal("stream_interrupted", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("no bytes", error.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_failing_model_opens_its_circuit_and_is_skipped_until_a_half_open_probe_succeeds()
    {
        var (upstream, servers) = await StartAsync(new()
        {
            ["Resilience:Retries"] = "0",
            ["Resilience:BreakerMinimumThroughput"] = "2",
            ["Resilience:BreakerBreakSeconds"] = "1",
        });
        await using var _ = upstream;
        await using var __ = servers;
        upstream.Set("down", Fault.Status503, times: 2);

        for (var i = 0; i < 2; i++) (await servers.Http.PostChatAsync(Json.Chat("down", "hello"))).Dispose();
        using var skipped = await servers.Http.PostChatAsync(Json.Chat("down", "hello"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, skipped.StatusCode);
        Assert.Equal("model_unavailable", (await ErrorOf(skipped)).GetProperty("code").GetString());
        Assert.NotNull(skipped.Headers.RetryAfter);
        Assert.Equal(2, upstream.Calls("down")); // the open circuit did not call the model

        // After the break, one probe goes through; the model has recovered, so the circuit closes.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode status;
        do
        {
            await Task.Delay(200);
            using var probe = await servers.Http.PostChatAsync(Json.Chat("down", "hello"));
            status = probe.StatusCode;
        } while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, upstream.Calls("down"));
    }

    [Fact]
    public async Task A_routed_request_falls_back_to_the_next_best_model_when_its_choice_fails()
    {
        var question = EmbeddedData.Questions("verify").Items.First(q => q.Domain == "math").Question;
        var chosen = await TestServers.RoutedModelAsync(question);
        await using var upstream = await FaultyUpstream.StartAsync("down");
        upstream.Set("down", Fault.Status503);
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            // The model the router prefers for this question now lives on an upstream that always fails.
            ["Gateway:Models:0:Name"] = chosen,
            ["Gateway:Models:0:BaseUrl"] = upstream.Url.ToString(),
            ["Gateway:Models:0:UpstreamModel"] = "down",
            ["Resilience:RetryDelayMs"] = "10",
        });

        using var response = await servers.Http.PostChatAsync(Json.Chat("auto", question));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answeredBy = response.Headers.GetValues("x-semantic-router-model").Single();
        Assert.NotEqual(chosen, answeredBy);
        Assert.EndsWith($"(answered by {answeredBy})", (await Json.ReadAsync(response)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(3, upstream.Calls("down"));
        Assert.Equal(1, await FlywheelFiles.WaitForAsync(servers.DataDir, 1, $"model = '{chosen}' AND status = 503"));
    }
}
