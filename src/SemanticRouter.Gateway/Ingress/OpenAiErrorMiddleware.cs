using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// The one place where failures become error bodies: OpenAI's, or Anthropic's on <c>/v1/messages</c>. Nothing a client sends escapes as an unhandled
/// exception: unknown failures are logged and answered with a 500.
/// </summary>
internal sealed partial class OpenAiErrorMiddleware(RequestDelegate next, ILogger<OpenAiErrorMiddleware> logger)
{
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
            if (status == 500) LogUnhandled(e);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }
            context.Response.Clear();
            // The unread rest of a too-large body makes the connection unusable: tell the client not to reuse it.
            if (status == 413) context.Response.Headers.Connection = "close";
            if (e is GatewayException { RetryAfter: { } retryAfter }) SetRetryAfter(context.Response, retryAfter);
            var message = status == 500 ? "The gateway failed to handle the request." : e.Message;
            await WriteAsync(context, status, new OpenAiError(message, type, code, (e as InvalidRequestException)?.Param));
        }
    }

    /// <summary><c>Retry-After</c> in whole seconds, at least one (the header has no finer unit).</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan retryAfter) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task WriteAsync(HttpContext context, int status, OpenAiError error)
    {
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure while serving a request")]
    private partial void LogUnhandled(Exception e);
}
