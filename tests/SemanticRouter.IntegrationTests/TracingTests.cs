using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>Spans reach an OTLP/HTTP receiver when the standard OpenTelemetry variables point at one.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task A_routed_request_exports_a_span_tree_over_OTLP()
    {
        var batches = new ConcurrentQueue<byte[]>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = builder.Build();
        receiver.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            batches.Enqueue(body.ToArray());
            context.Response.ContentType = "application/x-protobuf";
        });
        await receiver.StartAsync();

        var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Urls.First(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        await using (servers)
        {
            using var response = await servers.Http.PostChatAsync(Json.Chat("auto", EmbeddedData.Questions("verify").Items[0].Question));
            response.EnsureSuccessStatusCode();
            await FlywheelFiles.WaitForAsync(servers.DataDir, 2, "score IS NOT NULL");
            // The batch exporter sends every few seconds: wait for it rather than for the flush at shutdown, whose
            // time limit a loaded CI machine can overrun (the test then saw no batch at all).
            for (var waited = 0; waited < 300 && !Names.All(Exported(batches).Contains); waited++) await Task.Delay(100);
            await servers.Gateway.StopAsync();
        }

        var exported = Exported(batches);
        foreach (var span in Names) Assert.Contains(span, exported);
    }

    private static readonly string[] Names = ["chat.completions", "route", "upstream open", "upstream relay", "shadow", "evaluate", "semantic-router"];

    /// <summary>OTLP is protobuf: span names are plain UTF-8 strings inside it.</summary>
    private static string Exported(ConcurrentQueue<byte[]> batches) =>
        string.Join("\n", batches.Select(b => System.Text.Encoding.UTF8.GetString(b)));

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
