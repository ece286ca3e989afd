using System.Diagnostics;
using System.Net;
using SemanticRouter.Gateway;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

public sealed class ForwardingTests
{
    private static readonly string Question = EmbeddedData.Questions("verify").Items[0].Question;

    [Fact]
    public async Task Models_lists_the_thirteen_upstream_models_and_auto()
    {
        await using var servers = await TestServers.StartAsync();
        var list = await Json.ReadAsync(await servers.Http.GetAsync("/v1/models"));
        var ids = list.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(14, ids.Count);
        Assert.Contains("auto", ids);
        Assert.Contains("qwen-medicine-3b", ids);
    }

    [Fact]
    public async Task Explicit_model_is_forwarded_and_named_in_the_body_and_the_header()
    {
        await using var servers = await TestServers.StartAsync();
        using var response = await servers.Http.PostChatAsync(Json.Chat("qwen-code-7b", Question));
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("qwen-code-7b", body.GetProperty("model").GetString());
        Assert.Equal("qwen-code-7b", response.Headers.GetValues(GatewayHeaders.Model).Single());
        Assert.EndsWith("(answered by qwen-code-7b)", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Theory]
    [InlineData("auto")]
    [InlineData(null)]
    public async Task With_routing_off_a_request_without_a_model_goes_to_the_default_model(string? model)
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gateway:DefaultModel"] = "qwen-writing-3b",
            ["Routing:Enabled"] = "false",
        });
        using var response = await servers.Http.PostChatAsync(Json.Chat(model, Question));
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("qwen-writing-3b", response.Headers.GetValues(GatewayHeaders.Model).Single());
        Assert.Equal("qwen-writing-3b", body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task With_recording_off_the_gateway_still_routes_and_schedules()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Shadow:Enabled"] = "false",
            ["Retrain:Enabled"] = "true",
        });
        using var response = await servers.Http.PostChatAsync(Json.Chat(null, Question));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(servers.DataDir, "flywheel")));
    }

    [Fact]
    public async Task A_stream_arrives_as_several_chunks_ending_with_done()
    {
        await using var servers = await TestServers.StartAsync();
        var events = await Sse.ReadEventsAsync(servers.Http, Json.Chat("qwen-math-32b", Question, stream: true));

        Assert.True(events.Count >= 4, $"only {events.Count} events");
        Assert.Equal("[DONE]", events[^1].Data);
        var text = string.Concat(events.SkipLast(1).Select(e => e.Content));
        Assert.EndsWith("(answered by qwen-math-32b)", text);
    }

    [Fact]
    public async Task Stream_chunks_are_passed_on_as_they_arrive_not_buffered_whole()
    {
        // With the world's latency on, the mock spreads a ~300 ms answer over eight chunks.
        await using var servers = await TestServers.StartAsync(latencyScale: 1);
        var clock = Stopwatch.StartNew();
        var events = await Sse.ReadEventsAsync(servers.Http, Json.Chat("qwen-code-32b", Question, stream: true), clock);

        var firstContent = events.First(e => e.Content is not null).At;
        var done = events[^1].At;
        Assert.True(done - firstContent > TimeSpan.FromMilliseconds(100),
            $"first chunk at {firstContent.TotalMilliseconds} ms, [DONE] at {done.TotalMilliseconds} ms: the stream was buffered");
    }
}
