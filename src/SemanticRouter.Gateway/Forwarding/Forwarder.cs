using System.Buffers;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Configuration;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// The Forwarding stage: sends a chat request to one upstream model and copies the answer to the client as
/// it arrives (SSE chunks are flushed one by one; nothing is buffered whole).
/// </summary>
public sealed class Forwarder(UpstreamClients clients, IOptions<GatewayOptions> options)
{
    private const int CopyBufferSize = 16 * 1024;

    public async Task ForwardAsync(HttpContext context, CatalogModel model, ReadOnlyMemory<byte> body)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.UpstreamTimeoutSeconds));
        using var request = new HttpRequestMessage(HttpMethod.Post, model.ChatCompletionsUrl)
        {
            Content = new ReadOnlyMemoryContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        if (model.ApiKey is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", model.ApiKey);

        HttpResponseMessage upstream;
        try
        {
            upstream = await clients.For(model.BaseUrl).SendAsync(request, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw GatewayException.UpstreamUnreachable(model.Name, e.Message);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            throw GatewayException.UpstreamTimeout(model.Name);
        }

        using (upstream)
        {
            var response = context.Response;
            response.StatusCode = (int)upstream.StatusCode;
            if (upstream.Content.Headers.ContentType is { } contentType) response.ContentType = contentType.ToString();
            var streaming = response.ContentType?.StartsWith("text/event-stream", StringComparison.Ordinal) == true;
            if (streaming) response.Headers.CacheControl = "no-cache";
            await using var source = await upstream.Content.ReadAsStreamAsync(timeout.Token);
            await CopyAsync(source, response, streaming, timeout.Token);
        }
    }

    private static async Task CopyAsync(Stream source, HttpResponse response, bool flushEachRead, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                await response.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                if (flushEachRead) await response.Body.FlushAsync(ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
