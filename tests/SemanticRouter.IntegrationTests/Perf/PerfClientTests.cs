using Microsoft.AspNetCore.Http;
using SemanticRouter.Benchmarks.Perf;

namespace SemanticRouter.IntegrationTests.Perf;

public sealed class PerfClientTests
{
    [Fact]
    public async Task Time_to_first_byte_stops_at_the_first_event_and_the_whole_time_at_the_last()
    {
        await using var app = await LoopbackServer.StartAsync(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: {\"first\":true}\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(200);
            await context.Response.WriteAsync("data: [DONE]\n\n");
        });

        var result = PerfClient.Run(LoopbackServer.Url(app), [PerfRequests.Body("q", "qwen-max", stream: true)],
            connections: 2, warmup: TimeSpan.Zero, duration: TimeSpan.FromSeconds(2));

        Assert.InRange(result.Requests, 4, 20); // two connections, a little over 200 ms a request
        Assert.Equal(0, result.Errors);
        Assert.True(result.TtfbP50Us < 150_000, $"time to first byte p50 {result.TtfbP50Us} µs");
        Assert.True(result.P50Us >= 200_000, $"whole response p50 {result.P50Us} µs");
        Assert.Equal(result, PerfClient.Parse("warming up\n" + PerfClient.ToJson(result) + "\n"));
    }

    [Fact]
    public void Refused_connections_are_counted_as_errors()
    {
        var port = NginxProxy.FreePort();
        var result = PerfClient.Run(new Uri($"http://127.0.0.1:{port}{PerfRequests.Path}"), [PerfRequests.Body("q", "qwen-max", stream: true)],
            connections: 1, warmup: TimeSpan.Zero, duration: TimeSpan.FromMilliseconds(200));

        Assert.Equal(0, result.Requests);
        Assert.True(result.SocketErrors > 0);
    }
}
