using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Health;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Protocols;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// The Forwarding stage: sends a chat request to one upstream model. <see cref="OpenAsync"/> gets the response
/// headers through the model's circuit breaker (retries happen only here, before anything reached the
/// client); <see cref="RelayAsync"/> copies the answer to the client as it arrives while keeping a copy for the
/// flywheel; <see cref="CompleteAsync"/> fetches a whole answer for background and fan-out calls.
/// </summary>
internal sealed class Forwarder(UpstreamClients clients, UpstreamHealth health, GatewayMetrics metrics, IOptions<ForwardingOptions> options,
    IOptions<CatalogOptions> catalog)
{
    private const int CopyBufferSize = 16 * 1024;

    /// <summary>
    /// Sends the request and waits for the response headers through the model's circuit breaker, retrying
    /// connect errors, 5xx and 429 (with backoff and jitter) but not timeouts: a model that hung once for the
    /// first-byte timeout would hang the client thrice. Throws a <see cref="GatewayException"/> (502/503/504) when
    /// the model did not answer; the returned response may still carry a non-transient error status (a 400 from
    /// the upstream), which is relayed as it is.
    /// </summary>
    public async Task<UpstreamCall> OpenAsync(CatalogModel model, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var timeouts = Timeouts(model);
        var retries = options.Value.Retries;
        var breaker = health.For(model);
        // One timer per call: it first guards the first byte of each attempt, then the whole answer.
        var total = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clock = Stopwatch.StartNew();
        using var span = GatewayTracing.Source.StartActivity("upstream open");
        span?.SetTag("gen_ai.request.model", model.Name);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                if (!breaker.TryEnter(out var retryAfter))
                    throw Fail(model, GatewayException.CircuitOpen(model.Name, retryAfter), "circuit_open");
                var left = Left(timeouts, clock);
                total.CancelAfter(left < timeouts.FirstByte ? left : timeouts.FirstByte);
                HttpResponseMessage response;
                try
                {
                    response = await SendAsync(model, body, timeouts.Connect, total.Token);
                }
                catch (HttpRequestException e) when (!ct.IsCancellationRequested)
                {
                    breaker.Record(CircuitBreaker.Outcome.Failure);
                    if (attempt < retries && await RetryAsync(model, "connect", attempt, total, timeouts, clock)) continue;
                    throw Fail(model, GatewayException.UpstreamUnreachable(model.Name, e.Message), "connect");
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    breaker.Record(CircuitBreaker.Outcome.Failure);
                    throw Fail(model, GatewayException.UpstreamTimeout(model.Name), "timeout");
                }
                catch
                {
                    breaker.Record(CircuitBreaker.Outcome.Abandoned);
                    throw;
                }

                if (UpstreamHealth.IsTransient(response.StatusCode))
                {
                    breaker.Record(CircuitBreaker.Outcome.Failure);
                    var status = (int)response.StatusCode;
                    response.Dispose();
                    var kind = status == 429 ? "status_429" : "status_5xx";
                    if (attempt < retries && await RetryAsync(model, kind, attempt, total, timeouts, clock)) continue;
                    throw Fail(model, GatewayException.UpstreamFailed(model.Name, status), kind);
                }
                // The breaker hears the outcome when the body has ended (UpstreamCall.End).
                total.CancelAfter(Left(timeouts, clock));
                span?.SetTag("http.response.status_code", (int)response.StatusCode);
                return new UpstreamCall(model, response, clock, total, breaker);
            }
        }
        catch
        {
            total.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What is left of the call's whole-answer timeout; zero, not negative, once it has passed (an answer can arrive
    /// the instant it runs out, and <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> refuses a negative delay).
    /// </summary>
    private static TimeSpan Left(UpstreamTimeouts timeouts, Stopwatch clock)
    {
        var left = timeouts.Total - clock.Elapsed;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Waits before the next attempt (doubling from <c>Resilience:RetryDelayMs</c>, ±25% jitter); false when the call's time ran out.</summary>
    private async Task<bool> RetryAsync(CatalogModel model, string kind, int attempt, CancellationTokenSource total,
        UpstreamTimeouts timeouts, Stopwatch clock)
    {
        metrics.UpstreamError(model.Name, kind);
        var delay = TimeSpan.FromMilliseconds(options.Value.RetryDelayMs * Math.Pow(2, attempt) * (0.75 + Random.Shared.NextDouble() / 2));
        var left = Left(timeouts, clock);
        if (delay >= left) return false;
        total.CancelAfter(left);
        await Task.Delay(delay, total.Token);
        return true;
    }

    /// <summary>
    /// Copies an opened answer to the client (SSE events flushed one by one) and returns what the flywheel needs.
    /// The answer reaches the client in its protocol (<paramref name="clientProtocol"/>), through the pair's translator.
    /// A stream that breaks after bytes went out ends with an error event and <c>[DONE]</c>; a break before
    /// anything went out throws, so the caller may still fall back. The answer's end (a stream's terminator, a whole
    /// answer's last byte) is held back until <paramref name="beforeEnd"/> has run on the complete answer: a client
    /// holds a complete answer only once its row is journaled.
    /// </summary>
    public async Task<UpstreamAnswer> RelayAsync(HttpContext context, UpstreamCall call, ChatRequest request, IChatProtocol clientProtocol,
        Func<UpstreamAnswer, ValueTask>? beforeEnd = null)
    {
        using var span = GatewayTracing.Source.StartActivity("upstream relay");
        var upstream = call.Response;
        var response = context.Response;
        response.StatusCode = (int)upstream.StatusCode;
        if (upstream.Content.Headers.ContentType is { } contentType) response.ContentType = contentType.ToString();
        var streaming = IsEventStream(response.ContentType);
        var events = ChatProtocols.Translator(clientProtocol, call.Model.Protocol).Relay(request, streaming);
        if (streaming) response.Headers.CacheControl = "no-cache";
        // A whole answer keeps its length (unless translated), so the client gets a plain body rather than a chunked one.
        else if (events is null && upstream.Content.Headers.ContentLength is { } length) response.ContentLength = length;

        var copy = new CappedBuffer(options.Value.MaxCapturedAnswerBytes);
        var end = new LastBytes();
        var held = new ArrayBufferWriter<byte>(64);
        // Between reads the answer may go quiet for the idle timeout at most, within the whole-answer timeout.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(call.Token);
        var idleTimeout = Timeouts(call.Model).Idle;
        var ct = idle.Token;
        double? ttft = null;
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            await using var source = await upstream.Content.ReadAsStreamAsync(ct);
            var client = response.BodyWriter;
            void Send(ReadOnlySpan<byte> bytes)
            {
                if (events is null) client.Write(bytes);
                else events.Write(client, bytes);
            }
            int read;
            while (Idle(idle, idleTimeout) && (read = await source.ReadAsync(buffer, ct)) > 0)
            {
                ttft ??= call.Clock.Elapsed.TotalMilliseconds;
                var data = buffer.AsSpan(0, read);
                copy.Write(data);
                end.Write(data);
                Send(held.WrittenSpan);
                held.ResetWrittenCount();
                // What may be the answer's end waits: a stream's terminator (its events before it go out as they
                // come), a whole answer's last byte (a JSON body is of no use to the client before it is whole).
                var hold = streaming ? Math.Min(read, call.Model.Protocol.TerminatorLength(end.Span)) : 1;
                Send(data[..^hold]);
                held.Write(data[^hold..]);
                // One flush per read: the events of a stream reach the client as they arrive, with one send each.
                await client.FlushAsync(ct);
            }
            idle.CancelAfter(Timeout.InfiniteTimeSpan); // the answer is in; what follows is the gateway's own work
            // A stream's body may end cleanly without its terminator: the upstream stopped mid-answer.
            if (streaming && call.Model.Protocol.TerminatorLength(end.Span) == 0)
                return await CutAsync(context, call, clientProtocol, copy, ttft, "the stream ended without its terminator ([DONE])");
            call.End(CircuitBreaker.Outcome.Success);
            var answer = new UpstreamAnswer((int)upstream.StatusCode, copy.Written, streaming, copy.Overflowed,
                call.Clock.Elapsed.TotalMilliseconds, streaming ? ttft : null, null);
            if (beforeEnd is not null) await beforeEnd(answer);
            Send(held.WrittenSpan);
            events?.Flush(client);
            await client.FlushAsync(ct);
            return answer;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException
                                  && !context.RequestAborted.IsCancellationRequested)
        {
            var reason = e is not OperationCanceledException ? e.Message
                : call.Token.IsCancellationRequested ? "the answer took longer than the upstream timeout"
                : $"no bytes for {idleTimeout.TotalSeconds:0.#} s (the stream idle timeout)";
            return await CutAsync(context, call, clientProtocol, copy, ttft, reason);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Restarts the idle timer before a read; always true, to sit in the read loop's condition.</summary>
    private static bool Idle(CancellationTokenSource idle, TimeSpan timeout)
    {
        if (timeout > TimeSpan.Zero) idle.CancelAfter(timeout);
        return true;
    }

    /// <summary>
    /// An answer that broke off: a failure for the breaker and the metrics; the client hears it in band (a stream's
    /// error event) or sees the connection fail (a cut JSON body must not look complete). Throws when nothing went out
    /// yet, so a routed request may still fall back.
    /// </summary>
    private async Task<UpstreamAnswer> CutAsync(HttpContext context, UpstreamCall call, IChatProtocol clientProtocol, CappedBuffer copy,
        double? ttft, string reason)
    {
        metrics.UpstreamError(call.Model.Name, "stream_cut");
        call.End(CircuitBreaker.Outcome.Failure);
        var response = context.Response;
        if (!response.HasStarted) throw GatewayException.UpstreamUnreachable(call.Model.Name, reason);
        var error = $"The upstream for model '{call.Model.Name}' broke off its answer: {reason}";
        var streaming = IsEventStream(response.ContentType);
        if (streaming) await clientProtocol.EndStreamWithErrorAsync(response, error);
        else context.Abort();
        return new UpstreamAnswer((int)call.Response.StatusCode, copy.Written, streaming, copy.Overflowed,
            call.Clock.Elapsed.TotalMilliseconds, streaming ? ttft : null, error);
    }

    /// <summary>Sends a request and reads the whole answer; failures come back in the result, not as exceptions.</summary>
    public async Task<UpstreamAnswer> CompleteAsync(CatalogModel model, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var call = await OpenAsync(model, body, ct);
            byte[] bytes;
            try
            {
                bytes = await call.Response.Content.ReadAsByteArrayAsync(call.Token);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                call.End(CircuitBreaker.Outcome.Failure); // the answer broke off or ran out of time
                throw;
            }
            call.End(CircuitBreaker.Outcome.Success);
            var streamed = IsEventStream(call.Response.Content.Headers.ContentType?.MediaType);
            return new UpstreamAnswer((int)call.Response.StatusCode, bytes, streamed, false, clock.Elapsed.TotalMilliseconds, null,
                call.Response.IsSuccessStatusCode ? null : $"upstream answered {(int)call.Response.StatusCode}");
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

    private Task<HttpResponseMessage> SendAsync(CatalogModel model, ReadOnlyMemory<byte> body, TimeSpan connectTimeout, CancellationToken ct)
    {
        // A new message per attempt: a sent HttpRequestMessage cannot be sent again.
        var request = new HttpRequestMessage(HttpMethod.Post, model.Endpoint)
        {
            Content = new ReadOnlyMemoryContent(body) { Headers = { ContentType = JsonContentType } },
        };
        model.Protocol.Authorize(request, model.ApiKey);
        return clients.For(model.BaseUrl, connectTimeout).SendAsync(request, ct);
    }

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    private GatewayException Fail(CatalogModel model, GatewayException failure, string kind)
    {
        metrics.UpstreamError(model.Name, kind);
        Activity.Current?.SetStatus(ActivityStatusCode.Error, failure.Code);
        return failure;
    }

    private UpstreamTimeouts Timeouts(CatalogModel model) => model.Timeouts ?? UpstreamTimeouts.From(catalog.Value);

    private static bool IsEventStream(string? contentType) =>
        contentType?.StartsWith("text/event-stream", StringComparison.Ordinal) == true;

    /// <summary>The last bytes of an answer, across reads: enough for any protocol's stream terminator.</summary>
    private sealed class LastBytes
    {
        private readonly byte[] _bytes = new byte[64];
        private int _length;

        public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _length);

        public void Write(ReadOnlySpan<byte> data)
        {
            if (data.Length >= _bytes.Length)
            {
                data[^_bytes.Length..].CopyTo(_bytes);
                _length = _bytes.Length;
                return;
            }
            var keep = Math.Min(_length, _bytes.Length - data.Length);
            _bytes.AsSpan(_length - keep, keep).CopyTo(_bytes);
            data.CopyTo(_bytes.AsSpan(keep));
            _length = keep + data.Length;
        }
    }

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
