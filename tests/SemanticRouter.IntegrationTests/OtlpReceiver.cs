using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SemanticRouter.IntegrationTests;

/// <summary>An OTLP/HTTP receiver on a loopback port: keeps the protobuf body of every POST to <c>/v1/traces</c> and <c>/v1/metrics</c>.</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> _batches = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = new OtlpReceiver(builder.Build());
        foreach (var signal in new[] { "traces", "metrics" })
        {
            var batches = receiver._batches.GetOrAdd(signal, _ => new());
            receiver._app.MapPost($"/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                batches.Enqueue(body.ToArray());
                context.Response.ContentType = "application/x-protobuf";
            });
        }
        await receiver._app.StartAsync();
        return receiver;
    }

    /// <summary>What arrived for a signal so far, as text: OTLP is protobuf, and names are plain UTF-8 strings inside it.</summary>
    public string Received(string signal) => string.Join("\n", _batches[signal].Select(b => Encoding.UTF8.GetString(b)));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
