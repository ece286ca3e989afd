using System.Net;
using System.Net.Http.Json;
using SemanticRouter.Gateway;
using SemanticRouter.Gateway.Shadow;
using SemanticRouter.Mock;
using SemanticRouter.Recording;

namespace SemanticRouter.IntegrationTests;

/// <summary>Every answer the gateway sees becomes a scored row in the flywheel's Parquet files.</summary>
public sealed class FlywheelTests
{
    private static readonly QuestionSet Verify = EmbeddedData.Questions("verify");
    private static readonly World World = EmbeddedData.World("default");
    // Routing off, so every routed request goes to one known model, which is not the baseline.
    private static readonly Dictionary<string, string?> RouteToMath7b = new() { ["Gateway:DefaultModel"] = "qwen-math-7b", ["Routing:Enabled"] = "false" };

    [Fact]
    public async Task A_routed_request_leaves_a_scored_routed_row_and_a_scored_shadow_row()
    {
        await using var servers = await TestServers.StartAsync(settings: RouteToMath7b);
        var question = Verify.Items[0];
        using var response = await servers.Http.PostChatAsync(Json.Chat("auto", question.Question));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = response.Headers.GetValues(GatewayHeaders.RequestId).Single();

        Assert.Equal(2, await FlywheelFiles.WaitForAsync(servers.DataDir, 2, "score IS NOT NULL"));
        var rows = FlywheelFiles.Query(servers.DataDir, "SELECT mode, model, chosen_model, score, request_id, latency_ms FROM ROWS ORDER BY mode");
        Assert.Equal(("routed", "qwen-math-7b"), (rows[0, "mode"], rows[0, "model"]));
        Assert.Equal(("shadow", "qwen-max"), (rows[1, "mode"], rows[1, "model"]));
        Assert.All(new[] { 0, 1 }, i => Assert.Equal("qwen-math-7b", rows[i, "chosen_model"]));
        Assert.All(new[] { 0, 1 }, i => Assert.Equal(requestId, rows[i, "request_id"]));
        Assert.Equal(World.Score(question, World.Find("qwen-math-7b")!), double.Parse(rows[0, "score"]!));
        Assert.Equal(World.Score(question, World.Find("qwen-max")!), double.Parse(rows[1, "score"]!));
    }

    [Fact]
    public async Task With_an_explicit_score_rate_of_zero_explicit_answers_are_recorded_unscored_and_routed_ones_still_scored()
    {
        var settings = new Dictionary<string, string?>(RouteToMath7b) { ["Shadow:ExplicitScoreRate"] = "0" };
        await using var servers = await TestServers.StartAsync(settings: settings);
        for (var i = 0; i < 3; i++) (await servers.Http.PostChatAsync(Json.Chat("qwen-code-3b", Verify.Items[i].Question))).Dispose();
        (await servers.Http.PostChatAsync(Json.Chat("auto", Verify.Items[3].Question))).Dispose();

        Assert.Equal(2, await FlywheelFiles.WaitForAsync(servers.DataDir, 2, "score IS NOT NULL")); // routed + shadow
        await servers.Gateway.StopAsync();
        Assert.Equal(3, FlywheelFiles.Count(servers.DataDir, "mode = 'explicit' AND score IS NULL AND error IS NULL"));
        Assert.Equal(0, FlywheelFiles.Count(servers.DataDir, "mode = 'explicit' AND score IS NOT NULL"));
    }

    [Fact]
    public async Task Explicit_answers_scored_are_capped_per_second_and_all_are_recorded()
    {
        var settings = new Dictionary<string, string?>(RouteToMath7b) { ["Shadow:MaxExplicitScoresPerSecond"] = "2" };
        await using var servers = await TestServers.StartAsync(settings: settings);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 12; i++) (await servers.Http.PostChatAsync(Json.Chat("qwen-code-3b", Verify.Items[i].Question))).Dispose();
        var seconds = clock.Elapsed.TotalSeconds;
        await servers.Gateway.StopAsync();

        Assert.Equal(12, FlywheelFiles.Count(servers.DataDir, "mode = 'explicit'"));
        var scored = FlywheelFiles.Count(servers.DataDir, "mode = 'explicit' AND score IS NOT NULL");
        // Two saved up at the start, then two a second while the requests came.
        Assert.InRange(scored, 2, 2 + (int)Math.Ceiling(seconds * 2));
        Assert.True(seconds < 4, $"12 requests took {seconds:0.0} s: the cap did not bind, the test shows nothing");
    }

    [Fact]
    public async Task A_journal_that_refuses_writes_costs_rows_not_requests_and_the_intake_goes_on()
    {
        await using var servers = await TestServers.StartAsync();
        await servers.Service<FlywheelRecorder>().StopAsync(default); // its journal closed, as a full disk refuses writes

        for (var i = 1; i <= 3; i++)
        {
            using var response = await servers.Http.PostChatAsync(Json.Chat("qwen-code-3b", Verify.Items[i].Question));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // Each answer is its own batch: an intake loop that ended at the first failure would count one.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            double lost;
            while ((lost = (await MetricsScrape.ReadAsync(servers.Http)).Sum("semantic_router_flywheel_rows_lost_total")) < i
                   && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.Equal(i, lost);
        }
    }

    [Fact]
    public async Task An_explicit_request_is_recorded_and_scored_without_a_shadow()
    {
        await using var servers = await TestServers.StartAsync();
        using var response = await servers.Http.PostChatAsync(Json.Chat("qwen-code-3b", Verify.Items[1].Question, stream: true));
        await response.Content.ReadAsStringAsync();

        Assert.Equal(1, await FlywheelFiles.WaitForAsync(servers.DataDir, 1, "score IS NOT NULL"));
        var row = FlywheelFiles.Query(servers.DataDir, "SELECT mode, model, ttft_ms, completion_tokens FROM ROWS");
        Assert.Equal(("explicit", "qwen-code-3b"), (row[0, "mode"], row[0, "model"]));
        Assert.NotNull(row[0, "ttft_ms"]); // streamed: time to first byte is known
        await servers.Gateway.StopAsync();
        Assert.Equal(1, FlywheelFiles.Count(servers.DataDir));
    }

    [Fact]
    public async Task An_unknown_question_is_recorded_with_the_evaluators_refusal()
    {
        await using var servers = await TestServers.StartAsync();
        using var response = await servers.Http.PostChatAsync(Json.Chat("qwen-max", "a question no world has labels for"));
        Assert.Equal(1, await FlywheelFiles.WaitForAsync(servers.DataDir, 1, "score = -1"));
    }

    [Fact]
    public async Task Training_mode_asks_every_model_and_returns_the_best_scoring_answer()
    {
        await using var servers = await TestServers.StartAsync();
        var question = Verify.Items[2];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { messages = new[] { new { role = "user", content = question.Question } } }),
        };
        request.Headers.Add("X-Training-Mode", "true");
        using var response = await servers.Http.SendAsync(request);
        var body = await Json.ReadAsync(response);

        var expected = World.Models.OrderByDescending(m => World.Score(question, m)).First().Id;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Headers.GetValues(GatewayHeaders.Model).Single());
        Assert.Equal(expected, body.GetProperty("model").GetString());
        var scores = response.Headers.GetValues(GatewayHeaders.Scores).Single().Split(',');
        Assert.Equal(13, scores.Length);
        Assert.Contains($"{expected}={World.Score(question, World.Find(expected)!):0.###}", scores);

        Assert.Equal(13, await FlywheelFiles.WaitForAsync(servers.DataDir, 13, $"mode = 'training' AND chosen_model = '{expected}' AND score IS NOT NULL"));
    }

    [Fact]
    public async Task Training_mode_streams_the_winning_answer_after_scoring()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["Shadow:TrainingModeForAll"] = "true" });
        var events = await Sse.ReadEventsAsync(servers.Http, Json.Chat(null, Verify.Items[3].Question, stream: true));
        Assert.Equal("[DONE]", events[^1].Data);
        var text = string.Concat(events.Select(e => e.Content));
        var best = World.Models.OrderByDescending(m => World.Score(Verify.Items[3], m)).First().Id;
        Assert.EndsWith($"(answered by {best})", text);
    }

    [Fact]
    public async Task A_full_shadow_queue_drops_background_work_never_the_request()
    {
        // One slow worker and room for one item: most background work must be dropped, and counted.
        await using var servers = await TestServers.StartAsync(latencyScale: 1, settings: new Dictionary<string, string?>
        {
            ["Gateway:DefaultModel"] = "qwen-math-3b",
            ["Routing:Enabled"] = "false",
            ["Shadow:QueueCapacity"] = "1",
            ["Shadow:Workers"] = "1",
        });
        var responses = await Task.WhenAll(Verify.Items.Take(12).Select(q => servers.Http.PostChatAsync(Json.Chat(null, q.Question))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.True(servers.Service<ShadowQueue>().DroppedCount > 0);
        await servers.Gateway.StopAsync();
        Assert.Equal(12, FlywheelFiles.Count(servers.DataDir, "mode = 'routed'")); // dropped scoring leaves the row, unscored
    }

    [Fact]
    public async Task A_graceful_stop_finishes_scoring_and_flushes_every_row()
    {
        await using var servers = await TestServers.StartAsync(latencyScale: 0.3, settings: RouteToMath7b);
        await Task.WhenAll(Verify.Items.Take(5).Select(q => servers.Http.PostChatAsync(Json.Chat(null, q.Question))));
        await servers.Gateway.StopAsync();
        Assert.Equal(5, FlywheelFiles.Count(servers.DataDir, "mode = 'routed' AND score IS NOT NULL"));
        Assert.Equal(5, FlywheelFiles.Count(servers.DataDir, "mode = 'shadow' AND score IS NOT NULL"));
    }
}
