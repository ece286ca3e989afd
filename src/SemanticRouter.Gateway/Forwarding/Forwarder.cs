using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Health;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Protocols;
using Yarp.ReverseProxy.Forwarder;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// The Forwarding stage: sends a chat request to one upstream model through the model's circuit breaker, retrying
/// before anything reached the client. <see cref="ForwardAsync"/> relays the answer to the client through YARP's
/// <see cref="IHttpForwarder"/> (hop-by-hop headers, HTTP/2 upstreams, trailers and cancellation as YARP handles them),
/// with our <see cref="RelayTransformer"/> deciding which answer is taken and our <see cref="RelayStream"/> between
/// the upstream's body and YARP's copy; <see cref="CompleteAsync"/> fetches a whole answer for background and fan-out
/// calls, which have no client to relay to.
/// </summary>
internal sealed class Forwarder(IHttpForwarder proxy, UpstreamClients clients, UpstreamHealth health, GatewayMetrics metrics,
    IOptions<ForwardingOptions> options, IOptions<CatalogOptions> catalog)
{
    /// <summary>How far YARP's own activity timeout stays behind the call's whole-answer timeout: ours decide, YARP's is a backstop.</summary>
    private static readonly TimeSpan Backstop = TimeSpan.FromSeconds(10);

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    /// <summary>
    /// Relays the model's answer to the client as it arrives (in the client's protocol) and returns what the flywheel
    /// needs. Throws a <see cref="GatewayException"/> (502/503/504) when nothing reached the client, so a routed request
    /// may fall back. A stream that breaks after bytes went out ends with the client protocol's error event; a whole
    /// answer cut midway aborts the connection. The answer's end is held back until <paramref name="beforeEnd"/> has run
    /// on the complete answer: a client holds a complete answer only once its row is journaled.
    /// </summary>
    public async Task<UpstreamAnswer> ForwardAsync(HttpContext context, CatalogModel model, ReadOnlyMemory<byte> body, ChatRequest request,
        IChatProtocol clientProtocol, Func<UpstreamAnswer, ValueTask>? beforeEnd = null)
    {
        RelayTransformer? taken = null;
        using var call = await CallAsync(model, context.RequestAborted, async call =>
        {
            // YARP copies the request body from the client's request: the routed body takes its place, afresh for each attempt.
            context.Request.Body = BodyStream(body);
            context.Request.ContentLength = body.Length;
            var transformer = new RelayTransformer(call, body.Length, request, clientProtocol, beforeEnd, options.Value.MaxCapturedAnswerBytes);
            var config = new ForwarderRequestConfig
            {
                ActivityTimeout = call.Timeouts.Total + Backstop,
                Version = model.Http.Version,
                VersionPolicy = model.Http.Policy,
            };
            await proxy.SendAsync(context, model.BaseUrl.OriginalString, clients.For(model.BaseUrl, call.Timeouts.Connect), config, transformer, call.Token);
            if (transformer.Relay is not null)
            {
                taken = transformer;
                return null;
            }
            // No answer was taken: YARP set a status of its own (502/504, or the upstream's 5xx/429) that this call replaces.
            var failure = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            RelayTransformer.Reset(context);
            if (transformer.Refused is { } refused) return refused;
            if (failure is not null) ExceptionDispatchInfo.Throw(failure); // connect errors, timeouts, the client leaving
            throw new InvalidOperationException("YARP's forwarder neither took an answer nor reported a failure.");
        });
        var relay = taken!.Relay!;
        using var span = taken.RelaySpan;
        if (relay.Completed) return relay.Answer!;
        if (relay.Cut is { } reason) return await CutAsync(context, call, taken, reason);
        // The answer did not reach the client whole: the client went away (YARP reset the connection), or our relay
        // failed (the flywheel's intake, say), which is the gateway's fault and must be heard.
        if (context.Features.Get<IForwarderErrorFeature>()?.Exception is { } e and not (OperationCanceledException or IOException))
            ExceptionDispatchInfo.Throw(e);
        throw new OperationCanceledException(context.RequestAborted);
    }

    private static MemoryStream BodyStream(ReadOnlyMemory<byte> body) => MemoryMarshal.TryGetArray(body, out var bytes)
        ? new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false)
        : new MemoryStream(body.ToArray(), writable: false);

    /// <summary>
    /// Sends the request and waits for the response headers through the model's circuit breaker (see
    /// <see cref="CallAsync"/>); the returned call's <see cref="UpstreamCall.Response"/> may still carry a
    /// non-transient error status (a 400 from the upstream).
    /// </summary>
    public Task<UpstreamCall> OpenAsync(CatalogModel model, ReadOnlyMemory<byte> body, CancellationToken ct) =>
        CallAsync(model, ct, async call =>
        {
            // A new message per attempt: a sent HttpRequestMessage cannot be sent again.
            var request = new HttpRequestMessage(HttpMethod.Post, model.Endpoint)
            {
                Content = new ReadOnlyMemoryContent(body) { Headers = { ContentType = JsonContentType } },
                Version = model.Http.Version,
                VersionPolicy = model.Http.Policy,
            };
            model.Protocol.Authorize(request, model.ApiKey);
            var response = await clients.For(model.BaseUrl, call.Timeouts.Connect).SendAsync(request, call.Token);
            if (!UpstreamHealth.IsTransient(response.StatusCode))
            {
                call.OpenSpan?.SetTag("http.response.status_code", (int)response.StatusCode);
                call.Response = response;
                return null;
            }
            var refused = Refusal.Of(response);
            response.Dispose();
            return refused;
        });

    /// <summary>
    /// Makes a call's attempts, each through the model's circuit breaker: <paramref name="attempt"/> sends once and
    /// returns null when it took the answer, or the upstream's refusal (5xx, 429). Connect errors, 5xx and 429 are
    /// retried (with backoff and jitter) but not timeouts: a model that hung once for the first-byte timeout would hang
    /// the client thrice. Throws a <see cref="GatewayException"/> (502/503/504) when the model did not answer; a 503
    /// carries the upstream's own <c>Retry-After</c>.
    /// </summary>
    private async Task<UpstreamCall> CallAsync(CatalogModel model, CancellationToken ct, Func<UpstreamCall, Task<Refusal?>> attempt)
    {
        var retries = options.Value.Retries;
        var call = new UpstreamCall(model, model.Timeouts ?? UpstreamTimeouts.From(catalog.Value), health.For(model), ct);
        using var span = GatewayTracing.Source.StartActivity("upstream open");
        span?.SetTag("gen_ai.request.model", model.Name);
        call.OpenSpan = span;
        try
        {
            for (var i = 0; ; i++)
            {
                if (!call.Breaker.TryEnter(out var retryAfter))
                    throw Fail(model, GatewayException.CircuitOpen(model.Name, retryAfter), "circuit_open");
                call.AwaitFirstByte();
                Refusal? refused;
                try
                {
                    refused = await attempt(call);
                }
                catch (HttpRequestException e) when (!ct.IsCancellationRequested)
                {
                    call.Breaker.Record(CircuitBreaker.Outcome.Failure);
                    if (i < retries && await RetryAsync(call, "connect", i)) continue;
                    throw Fail(model, GatewayException.UpstreamUnreachable(model.Name, e.Message), "connect");
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    call.Breaker.Record(CircuitBreaker.Outcome.Failure);
                    throw Fail(model, GatewayException.UpstreamTimeout(model.Name), "timeout");
                }
                catch
                {
                    call.Breaker.Record(CircuitBreaker.Outcome.Abandoned);
                    throw;
                }

                if (refused is { } r)
                {
                    call.Breaker.Record(CircuitBreaker.Outcome.Failure);
                    var kind = r.Status == 429 ? "status_429" : "status_5xx";
                    if (i < retries && await RetryAsync(call, kind, i)) continue;
                    throw Fail(model, GatewayException.UpstreamFailed(model.Name, r.Status, r.RetryAfter), kind);
                }
                // The breaker hears the outcome when the body has ended (UpstreamCall.End).
                return call;
            }
        }
        catch
        {
            call.GiveUp();
            throw;
        }
    }

    /// <summary>Waits before the next attempt (doubling from <c>Resilience:RetryDelayMs</c>, ±25% jitter); false when the call's time ran out.</summary>
    private async Task<bool> RetryAsync(UpstreamCall call, string kind, int attempt)
    {
        metrics.UpstreamError(call.Model.Name, kind);
        var delay = TimeSpan.FromMilliseconds(options.Value.RetryDelayMs * Math.Pow(2, attempt) * (0.75 + Random.Shared.NextDouble() / 2));
        if (delay >= call.Left) return false;
        call.AwaitWholeAnswer();
        await Task.Delay(delay, call.Token);
        return true;
    }

    /// <summary>
    /// An answer that broke off: a failure for the breaker and the metrics; the client hears it in band (a stream's
    /// error event) or sees the connection fail (a cut JSON body must not look complete). Throws when nothing went out
    /// yet, so a routed request may still fall back.
    /// </summary>
    private async Task<UpstreamAnswer> CutAsync(HttpContext context, UpstreamCall call, RelayTransformer taken, string reason)
    {
        metrics.UpstreamError(call.Model.Name, "stream_cut");
        call.End(CircuitBreaker.Outcome.Failure);
        if (!context.Response.HasStarted)
        {
            taken.Undo(context);
            throw GatewayException.UpstreamUnreachable(call.Model.Name, reason);
        }
        var relay = taken.Relay!;
        var error = $"The upstream for model '{call.Model.Name}' broke off its answer: {reason}";
        if (relay.Streaming) await taken.ClientProtocol.EndStreamWithErrorAsync(context.Response, error);
        else context.Abort();
        return relay.Ended(error);
    }

    /// <summary>Sends a request and reads the whole answer; failures come back in the result, not as exceptions.</summary>
    public async Task<UpstreamAnswer> CompleteAsync(CatalogModel model, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var call = await OpenAsync(model, body, ct);
            var response = call.Response!;
            byte[] bytes;
            try
            {
                bytes = await response.Content.ReadAsByteArrayAsync(call.Token);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                call.End(CircuitBreaker.Outcome.Failure); // the answer broke off or ran out of time
                throw;
            }
            call.End(CircuitBreaker.Outcome.Success);
            var streamed = RelayTransformer.IsEventStream(response.Content.Headers.ContentType?.MediaType);
            return new UpstreamAnswer((int)response.StatusCode, bytes, streamed, false, clock.Elapsed.TotalMilliseconds, null,
                response.IsSuccessStatusCode ? null : $"upstream answered {(int)response.StatusCode}");
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

    private GatewayException Fail(CatalogModel model, GatewayException failure, string kind)
    {
        metrics.UpstreamError(model.Name, kind);
        Activity.Current?.SetStatus(ActivityStatusCode.Error, failure.Code);
        return failure;
    }
}

/// <summary>An upstream's answer worth another attempt (5xx, 429): its status, and when it said to try again.</summary>
internal readonly record struct Refusal(int Status, TimeSpan? RetryAfter)
{
    public static Refusal Of(HttpResponseMessage response) => new((int)response.StatusCode, response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > DateTimeOffset.UtcNow ? date - DateTimeOffset.UtcNow : TimeSpan.Zero,
        _ => null,
    });
}
