using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Health;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Protocols;
using Yarp.ReverseProxy.Forwarder;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// One attempt of a relayed call, as YARP's forwarder runs it. The request is ours: the routed body (which the caller
/// puts in place of the client's), the model's endpoint and key, and no header of the client's (its key is the gateway's, its <c>Accept-Encoding</c> would have
/// the upstream compress an answer the gateway reads, and the rest is not the upstream's business). The response is
/// taken unless it is worth another attempt (5xx, 429: nothing of it reaches the client, <see cref="Refused"/> says
/// why); a taken response's headers are copied as YARP copies them (hop-by-hop ones left out), and its body reaches
/// YARP's copy through a <see cref="RelayStream"/>.
/// </summary>
internal sealed class RelayTransformer(UpstreamCall call, long bodyLength, ChatRequest request, IChatProtocol clientProtocol,
    Func<UpstreamAnswer, ValueTask>? beforeEnd, long maxCapturedBytes) : HttpTransformer
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private HttpContent? _upstreamContent;

    public IChatProtocol ClientProtocol => clientProtocol;

    /// <summary>The taken answer's body on its way to the client; null while no answer was taken.</summary>
    public RelayStream? Relay { get; private set; }

    /// <summary>The upstream's answer when it was not taken because another attempt may do better.</summary>
    public Refusal? Refused { get; private set; }

    /// <summary>The <c>upstream relay</c> span, from the taken answer's headers to its end.</summary>
    public Activity? RelaySpan { get; private set; }

    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix,
        CancellationToken cancellationToken)
    {
        proxyRequest.Method = HttpMethod.Post;
        proxyRequest.RequestUri = call.Model.Endpoint;
        // The body YARP copies is the one the model is sent (the request's body was replaced by it): its length, no chunks.
        proxyRequest.Content!.Headers.ContentLength = bodyLength;
        proxyRequest.Content.Headers.ContentType = JsonContentType;
        call.Model.Protocol.Authorize(proxyRequest, call.Model.ApiKey);
        return default;
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse,
        CancellationToken cancellationToken)
    {
        if (proxyResponse is null) return false; // no answer came; YARP reports why
        if (UpstreamHealth.IsTransient(proxyResponse.StatusCode))
        {
            Refused = Refusal.Of(proxyResponse);
            return false;
        }
        call.AwaitWholeAnswer();
        call.Response = proxyResponse;
        call.OpenSpan?.SetTag("http.response.status_code", (int)proxyResponse.StatusCode);
        call.OpenSpan?.Stop();
        RelaySpan = GatewayTracing.Source.StartActivity("upstream relay");

        DropHeadersNotForTheClient(proxyResponse.Headers);
        await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        var response = httpContext.Response;
        var streaming = IsEventStream(response.ContentType);
        var events = ChatProtocols.Translator(clientProtocol, call.Model.Protocol).Relay(request, streaming);
        if (streaming) response.Headers.CacheControl = "no-cache";
        // A whole answer keeps its length (unless translated), so the client gets a plain body rather than a chunked one.
        response.ContentLength = streaming || events is not null ? null : proxyResponse.Content.Headers.ContentLength;

        _upstreamContent = proxyResponse.Content;
        var source = await _upstreamContent.ReadAsStreamAsync(cancellationToken);
        Relay = new RelayStream(call, source, streaming, events, beforeEnd, maxCapturedBytes, httpContext.RequestAborted);
        proxyResponse.Content = new RelayContent(Relay, _upstreamContent);
        return true;
    }

    /// <summary>
    /// Leaves out of the copy the headers the gateway sets itself (<c>x-semantic-router-*</c>, which an upstream that is
    /// another gateway also sends) and those the upstream's <c>Connection</c> header names: hop-by-hop by its word
    /// (RFC 9110 §7.6.1), which YARP's fixed list of hop-by-hop headers does not cover.
    /// </summary>
    private static void DropHeadersNotForTheClient(HttpResponseHeaders headers)
    {
        List<string>? drop = null;
        foreach (var (name, values) in headers.NonValidated)
        {
            if (name.StartsWith("x-semantic-router-", StringComparison.OrdinalIgnoreCase)) (drop ??= []).Add(name);
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                foreach (var value in values)
                    foreach (var token in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                        (drop ??= []).Add(token);
        }
        if (drop is null) return;
        foreach (var name in drop) headers.Remove(name);
    }

    /// <summary>Takes back what a taken answer put on the response, when it broke off before its first byte went out.</summary>
    public void Undo(HttpContext context)
    {
        var headers = context.Response.Headers;
        foreach (var (name, _) in call.Response!.Headers.NonValidated) headers.Remove(name);
        foreach (var (name, _) in _upstreamContent!.Headers.NonValidated) headers.Remove(name);
        headers.CacheControl = default;
        Reset(context);
    }

    /// <summary>The response as it was before the attempt: YARP's status (its own 502/504 or the upstream's) and error left out.</summary>
    public static void Reset(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        if (context.Features.Get<IHttpResponseFeature>() is { } feature) feature.ReasonPhrase = null;
        context.Features.Set<IForwarderErrorFeature>(null);
    }

    public static bool IsEventStream(string? contentType) =>
        contentType?.StartsWith("text/event-stream", StringComparison.Ordinal) == true;

    /// <summary>The upstream's content as YARP reads it: through the relay. Disposing it disposes the upstream's.</summary>
    private sealed class RelayContent(RelayStream relay, HttpContent upstream) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => relay.CopyToAsync(stream);

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(relay);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                relay.Dispose();
                upstream.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
