using System.Collections.Concurrent;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>Spans and metrics reach an OTLP/HTTP receiver when the standard OpenTelemetry variables point at one.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task A_routed_request_exports_a_span_tree_over_OTLP()
    {
        await using var receiver = await OtlpReceiver.StartAsync();

        var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        await using (servers)
        {
            using var response = await servers.Http.PostChatAsync(Json.Chat("auto", EmbeddedData.Questions("verify").Items[0].Question));
            response.EnsureSuccessStatusCode();
            await FlywheelFiles.WaitForAsync(servers.DataDir, 2, "score IS NOT NULL");
            // The batch exporter sends every few seconds: wait for it rather than for the flush at shutdown, whose
            // time limit a loaded CI machine can overrun (the test then saw no batch at all).
            for (var waited = 0; waited < 300 && !Names.All(receiver.Received("traces").Contains); waited++) await Task.Delay(100);
            await servers.Gateway.StopAsync();
        }

        var exported = receiver.Received("traces");
        foreach (var span in Names) Assert.Contains(span, exported);
    }

    private static readonly string[] Names = ["chat.completions", "route", "upstream open", "upstream relay", "shadow", "evaluate", "semantic-router"];

    [Fact]
    public async Task The_gateways_metrics_are_exported_over_OTLP_beside_its_traces()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });

        using var response = await servers.Http.PostChatAsync(Json.Chat("qwen-max", "hello"));
        response.EnsureSuccessStatusCode();
        // Not the flush at shutdown: a periodic export must carry the counter of the request just answered.
        for (var waited = 0; waited < 300 && !receiver.Received("metrics").Contains("semantic_router_requests"); waited++) await Task.Delay(100);

        var exported = receiver.Received("metrics");
        Assert.Contains("semantic_router_requests", exported);
        Assert.Contains("semantic_router_response_time_seconds", exported);
        Assert.Contains("semantic-router", exported); // the service's name, as on the spans
    }

    [Fact]
    public async Task Background_scoring_of_an_answer_is_a_child_of_its_request()
    {
        var finished = new ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == SemanticRouter.Gateway.Observability.GatewayTracing.SourceName,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) =>
                System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = finished.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        await using var servers = await TestServers.StartAsync(); // scores every explicit answer

        using var response = await servers.Http.PostChatAsync(Json.Chat("qwen-max", EmbeddedData.Questions("verify").Items[1].Question));
        response.EnsureSuccessStatusCode();
        var requestId = response.Headers.GetValues(SemanticRouter.Gateway.GatewayHeaders.RequestId).Single();
        await FlywheelFiles.WaitForAsync(servers.DataDir, 1, "score IS NOT NULL");

        // Other tests run at the same time: find this request's span by its id, then an evaluate span in its trace.
        var request = Assert.Single(finished, a => a.OperationName == "chat.completions" && (string?)a.GetTagItem("semantic_router.request_id") == requestId);
        Assert.Contains(finished, a => a.OperationName == "evaluate" && a.TraceId == request.TraceId && a.ParentSpanId == request.SpanId);
    }
}
