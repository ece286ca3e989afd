using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Configuration;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// The Forwarding stage: sends a chat request to one upstream model. <see cref="ForwardAsync"/> copies the answer
/// to the client as it arrives (SSE reads are flushed one by one; nothing is buffered whole) while keeping a copy
/// for the flywheel; <see cref="CompleteAsync"/> fetches a whole answer for background and fan-out calls.
/// </summary>
public sealed class Forwarder(UpstreamClients clients, IOptions<GatewayOptions> options)
{
    private const int CopyBufferSize = 16 * 1024;

    public async Task<UpstreamAnswer> ForwardAsync(HttpContext context, CatalogModel model, ReadOnlyMemory<byte> body)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.UpstreamTimeoutSeconds));
        using var upstream = await SendAsync(model, body, timeout.Token, context.RequestAborted);

        var response = context.Response;
        response.StatusCode = (int)upstream.StatusCode;
        if (upstream.Content.Headers.ContentType is { } contentType) response.ContentType = contentType.ToString();
        var streaming = IsEventStream(response.ContentType);
        if (streaming) response.Headers.CacheControl = "no-cache";

        var copy = new CappedBuffer(options.Value.MaxCapturedAnswerBytes);
        double? ttft = null;
        await using var source = await upstream.Content.ReadAsStreamAsync(timeout.Token);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, timeout.Token)) > 0)
            {
                ttft ??= clock.Elapsed.TotalMilliseconds;
                await response.Body.WriteAsync(buffer.AsMemory(0, read), timeout.Token);
                if (streaming) await response.Body.FlushAsync(timeout.Token);
                copy.Write(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new UpstreamAnswer((int)upstream.StatusCode, copy.Written, streaming, copy.Overflowed,
            clock.Elapsed.TotalMilliseconds, streaming ? ttft : null, null);
    }

    /// <summary>Sends a request and reads the whole answer; failures come back in the result, not as exceptions.</summary>
    public async Task<UpstreamAnswer> CompleteAsync(CatalogModel model, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.UpstreamTimeoutSeconds));
        try
        {
            using var upstream = await SendAsync(model, body, timeout.Token, ct);
            var bytes = await upstream.Content.ReadAsByteArrayAsync(timeout.Token);
            var streamed = IsEventStream(upstream.Content.Headers.ContentType?.MediaType);
            return new UpstreamAnswer((int)upstream.StatusCode, bytes, streamed, false, clock.Elapsed.TotalMilliseconds, null,
                upstream.IsSuccessStatusCode ? null : $"upstream answered {(int)upstream.StatusCode}");
        }
        catch (GatewayException e)
        {
            return new UpstreamAnswer(e.Status, default, false, false, clock.Elapsed.TotalMilliseconds, null, e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return new UpstreamAnswer(502, default, false, false, clock.Elapsed.TotalMilliseconds, null, e.Message);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(CatalogModel model, ReadOnlyMemory<byte> body, CancellationToken ct,
        CancellationToken callerToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, model.ChatCompletionsUrl)
        {
            Content = new ReadOnlyMemoryContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        if (model.ApiKey is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", model.ApiKey);
        try
        {
            return await clients.For(model.BaseUrl).SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw GatewayException.UpstreamUnreachable(model.Name, e.Message);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            throw GatewayException.UpstreamTimeout(model.Name);
        }
    }

    private static bool IsEventStream(string? contentType) =>
        contentType?.StartsWith("text/event-stream", StringComparison.Ordinal) == true;

    /// <summary>Keeps the first <c>limit</c> bytes written and notes whether more came.</summary>
    private sealed class CappedBuffer(long limit)
    {
        private readonly ArrayBufferWriter<byte> _bytes = new(4096);

        public bool Overflowed { get; private set; }
        public ReadOnlyMemory<byte> Written => _bytes.WrittenMemory;

        public void Write(ReadOnlySpan<byte> data)
        {
            var room = (int)Math.Max(0, limit - _bytes.WrittenCount);
            if (data.Length > room) Overflowed = true;
            _bytes.Write(data[..Math.Min(room, data.Length)]);
        }
    }
}
