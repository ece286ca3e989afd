using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SemanticRouter.Gateway.Pipeline;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// One line per request, logged once its response has ended (a stream's last event included), under the category
/// <see cref="Category"/> at Information: method, path, status, latency, and for a chat request its request id, the
/// client key, the model that answered and the tokens it used. <c>Gateway:AccessLog=false</c> turns it off; as
/// structured fields, the JSON console formatter writes each as its own property.
/// </summary>
internal sealed partial class AccessLog(RequestDelegate next, ILoggerFactory loggers)
{
    public const string Category = "SemanticRouter.AccessLog";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (_logger.IsEnabled(LogLevel.Information)) Write(context, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    private void Write(HttpContext context, double latencyMs)
    {
        var exchange = context.Features.Get<Exchange>();
        var response = context.Response;
        var model = response.Headers[GatewayHeaders.Model].ToString();
        var status = context.RequestAborted.IsCancellationRequested && !response.HasStarted ? 499 : response.StatusCode;
        Log(_logger, context.Request.Method, context.Request.Path.Value ?? "", status, Math.Round(latencyMs, 1),
            exchange?.RequestId ?? "-", context.Features.Get<ClientKeys.Entry>()?.Name ?? "-", model.Length > 0 ? model : "-",
            exchange?.Parsed?.PromptTokens, exchange?.Parsed?.CompletionTokens);
    }

    [LoggerMessage(Level = LogLevel.Information, EventName = "Access",
        Message = "{Method} {Path} {Status} {LatencyMs} ms request_id={RequestId} key={KeyId} model={Model} prompt_tokens={PromptTokens} completion_tokens={CompletionTokens}")]
    private static partial void Log(ILogger logger, string method, string path, int status, double latencyMs, string requestId, string keyId,
        string model, int? promptTokens, int? completionTokens);
}
