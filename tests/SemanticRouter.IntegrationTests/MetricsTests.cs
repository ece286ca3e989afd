using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SemanticRouter.Gateway.Registry;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary><c>/metrics</c> after real traffic: every required family, read by the reference Prometheus parser.</summary>
public sealed class MetricsTests
{
    private static readonly string[] Required =
    [
        "semantic_router_requests", "semantic_router_response_time_seconds", "semantic_router_time_to_first_token_seconds",
        "semantic_router_routing_decision_seconds", "semantic_router_accuracy_score", "semantic_router_shadow_dropped",
        "semantic_router_flywheel_rows", "semantic_router_flywheel_rows_lost", "semantic_router_upstream_errors", "semantic_router_classifier_info",
    ];

    [Fact]
    public async Task Errors_the_gateway_makes_itself_and_failed_scorings_are_counted_by_code()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["SEMROUTER_API_KEYS"] = "sk-metrics",
            ["Gateway:MaxRequestBodyBytes"] = "100000",
            ["Shadow:EvaluateUrl"] = "http://127.0.0.1:9/v1/evaluate", // nothing listens: every scoring fails
        });
        var http = servers.Http;
        (await http.PostChatAsync(Json.Chat("qwen-max", "hi"))).Dispose(); // 401: no key
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-metrics");
        (await http.PostAsync("/v1/chat/completions", Json.Body("{"))).Dispose(); // 400
        (await http.PostChatAsync(Json.Chat("qwen-max", new string('x', 200_000)))).Dispose(); // 413
        (await http.PostChatAsync(Json.Chat("qwen-max", "hello"))).Dispose(); // 200, scored in the background: fails

        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<MetricsScrape.Sample> samples;
        do samples = await MetricsScrape.ReadAsync(http);
        while (samples.Sum("semantic_router_evaluate_errors_total") == 0 && DateTime.UtcNow < deadline && await Task.Delay(200).ContinueWith(_ => true));

        foreach (var status in new[] { "401", "400", "413" })
            Assert.True(1 == samples.Sum("semantic_router_requests_total", ("mode", "gateway"), ("status", status)),
                string.Join("; ", samples.Where(x => x.Name.StartsWith("semantic_router_requests", StringComparison.Ordinal) || x.Name.Contains("evaluate")).Select(x => $"{string.Join(",", x.Labels)}={x.Value}")));
        Assert.Equal(1, samples.Sum("semantic_router_evaluate_errors_total", ("code", "connect")));
    }

    [Fact]
    public async Task Metrics_after_traffic_parse_with_the_reference_parser_and_count_what_happened()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["Gateway:Prices:qwen-max"] = "2" });
        var questions = EmbeddedData.Questions("verify").Items;
        for (var i = 0; i < 3; i++) (await servers.Http.PostChatAsync(Json.Chat("auto", questions[i].Question))).Dispose();
        (await servers.Http.PostChatAsync(Json.Chat("qwen-max", questions[3].Question))).Dispose();
        await Sse.ReadEventsAsync(servers.Http, Json.Chat("qwen-code-3b", questions[4].Question, stream: true));
        (await servers.Http.PostChatAsync(Json.Chat("no-such-model", "hi"))).Dispose();
        await FlywheelFiles.WaitForAsync(servers.DataDir, 5, "score IS NOT NULL");

        var text = await servers.Http.GetStringAsync("/metrics");
        var families = (await ParseWithReferenceAsync(text)).Select(f => f.GetProperty("name").GetString()).ToHashSet();

        foreach (var name in Required) Assert.True(families.Contains(name) || families.Contains(name + "_total"), $"{name} is missing from /metrics");
        var samples = MetricsScrape.Parse(text);
        Assert.Equal(3, samples.Sum("semantic_router_requests_total", ("mode", "routed"), ("status", "200")));
        Assert.Equal(1, samples.Sum("semantic_router_requests_total", ("model", "qwen-max"), ("mode", "explicit")));
        Assert.Equal(1, samples.Sum("semantic_router_time_to_first_token_seconds_count", ("model", "qwen-code-3b")));
        Assert.Equal(3, samples.Sum("semantic_router_routing_decision_seconds_count"));
        Assert.Equal(5, samples.Sum("semantic_router_response_time_seconds_count"));
        Assert.Equal(5, samples.Sum("semantic_router_response_time_seconds_bucket", ("le", "+Inf")));
        var version = servers.Service<ClassifierRegistry>().Current!.Version;
        Assert.Equal(1, samples.Sum("semantic_router_classifier_info", ("version", version)));
        Assert.InRange(samples.Sum("semantic_router_accuracy_score", ("model", "qwen-max")), 0.01, 1);
        Assert.True(samples.Sum("semantic_router_tokens_total", ("model", "qwen-code-3b"), ("kind", "completion")) > 0,
            "a stream's usage is counted although the client did not ask for it");
        var qwenMaxTokens = samples.Sum("semantic_router_tokens_total", ("model", "qwen-max"));
        Assert.Equal(2 * qwenMaxTokens / 1000, samples.Sum("semantic_router_cost_total", ("model", "qwen-max")), 6);
    }

    /// <summary>The reference parser (npm <c>parse-prometheus-text-format</c>, pinned with its integrity in the tool's package-lock.json).</summary>
    private static async Task<List<JsonElement>> ParseWithReferenceAsync(string text)
    {
        var tool = Path.Combine(IndependentReaderTests.RepoRoot(), "tests", "tools", "prometheus-text");
        await NpmInstall.EnsureAsync(tool);
        var start = new ProcessStartInfo("node", ["parse.mjs"])
        {
            WorkingDirectory = tool, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        await node.StandardInput.WriteAsync(text);
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(node.ExitCode == 0, $"the reference parser rejected /metrics: {await error}\n{text}");
        return JsonDocument.Parse(await output).RootElement.EnumerateArray().ToList();
    }
}
