using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Observability;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// The one place where failures become error bodies: OpenAI's, or Anthropic's on <c>/v1/messages</c>. Nothing a
/// client sends escapes as an unhandled exception: unknown failures are logged (at most one line with its stack trace
/// every 10 s, the rest counted in the next line) and answered with a 500; a client's fault is a 4xx and logged at
/// Debug only.
/// </summary>
internal sealed partial class OpenAiErrorMiddleware(RequestDelegate next, ILogger<OpenAiErrorMiddleware> logger)
{
    private static readonly LogThrottle UnhandledLog = new(TimeSpan.FromSeconds(10));
    private static long _unhandledSince;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The client left; there is nobody to answer.
        }
        catch (Exception e)
        {
            var (status, type, code) = e switch
            {
                GatewayException g => (g.Status, g.Type, g.Code),
                InvalidRequestException => (400, "invalid_request_error", "invalid_request"),
                BadHttpRequestException b => (b.StatusCode, "invalid_request_error",
                    b.StatusCode == 413 ? "request_too_large" : "bad_request"),
                _ => (500, "server_error", "internal_error"),
            };
            if (status == 500)
            {
                Interlocked.Increment(ref _unhandledSince);
                if (UnhandledLog.Pass()) LogUnhandled(e, Interlocked.Exchange(ref _unhandledSince, 0) - 1);
            }
            else if (status < 500) LogClientFault(status, e.Message);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }
            var requestId = context.Response.Headers[GatewayHeaders.RequestId];
            context.Response.Clear();
            if (requestId.Count > 0) context.Response.Headers[GatewayHeaders.RequestId] = requestId;
            // The unread rest of a too-large body makes the connection unusable: tell the client not to reuse it.
            if (status == 413) context.Response.Headers.Connection = "close";
            if (e is GatewayException { RetryAfter: { } retryAfter }) SetRetryAfter(context.Response, retryAfter);
            var message = status == 500 ? "The gateway failed to handle the request." : e.Message;
            // Forward counted an upstream's failure under its model already; everything else the gateway made is counted here.
            await WriteAsync(context, status, new OpenAiError(message, type, code, (e as InvalidRequestException)?.Param),
                counted: e is GatewayException { IsUpstreamFailure: true });
        }
    }

    /// <summary><c>Retry-After</c> in whole seconds, at least one (the header has no finer unit).</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan retryAfter) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Writes an error the gateway made itself, counted in <c>semantic_router_requests_total</c> (mode <c>gateway</c>).</summary>
    public static async Task WriteAsync(HttpContext context, int status, OpenAiError error, bool counted = false)
    {
        if (!counted) context.RequestServices?.GetService<GatewayMetrics>()?.GatewayError(status);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        // Anthropic's SDKs read their own error shape; every other client reads OpenAI's.
        if (context.Request.Path.StartsWithSegments("/v1/messages"))
        {
            await context.Response.Body.WriteAsync(Protocols.Anthropic.AnthropicErrors.Body(status, error), context.RequestAborted);
            return;
        }
        await JsonSerializer.SerializeAsync(context.Response.Body, new OpenAiErrorBody(error),
            ContractsJson.Context.OpenAiErrorBody, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure while serving a request ({Suppressed} more since the last such line)")]
    private partial void LogUnhandled(Exception e, long suppressed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused a request with {Status}: {Reason}")]
    private partial void LogClientFault(int status, string reason);
}
