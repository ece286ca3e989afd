using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Protocols;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// The Forward stage, the last of the request path: sends the exchange to its model (a routed request falls back to
/// the next-best model when an upstream fails before anything reached the client), relays the answer as it arrives,
/// charges the key its tokens, and hands the served exchange to the <see cref="IAnswerObserver"/> if there is one.
/// </summary>
internal sealed class ForwardStage(Forwarder forwarder, GatewayMetrics metrics, IOptions<ForwardingOptions> options,
    IAnswerObserver? observer = null) : IExchangeStage
{
    private readonly int _maxFallbacks = options.Value.MaxFallbacks;

    public async Task InvokeAsync(HttpContext context, Exchange exchange, ExchangeDelegate next)
    {
        var attempts = exchange.Decision?.Attempts(_maxFallbacks) ?? [exchange.Model!];
        var mode = exchange.Mode;
        for (var i = 0; ; i++)
        {
            var model = attempts[i];
            UpstreamAnswer answer;
            try
            {
                var body = exchange.TranslatorTo(model).RelayedBody(exchange.Body, exchange.Request, model.UpstreamModel);
                using var call = await forwarder.OpenAsync(model, body, context.RequestAborted);
                context.Response.Headers[GatewayHeaders.Model] = model.Name;
                answer = await forwarder.RelayAsync(context, call, exchange.Request, exchange.Protocol);
            }
            catch (GatewayException failure) when (failure.IsUpstreamFailure && !context.RequestAborted.IsCancellationRequested)
            {
                metrics.Request(model.Name, mode, failure.Status);
                // The flywheel keeps the failed attempt too (no answer, no score); a routed request tries the next model.
                if (observer is not null) await observer.OnFailedAsync(exchange, model, failure.Status, failure.Message);
                if (i + 1 < attempts.Count) continue;
                throw;
            }

            metrics.Request(model.Name, mode, answer.Status);
            metrics.ResponseTime(model.Name, answer.LatencyMs / 1000.0);
            if (answer.TtftMs is { } ttft) metrics.TimeToFirstToken(model.Name, ttft / 1000.0);
            exchange.Model = model;
            exchange.Answer = answer;
            // A key with a token budget is charged before the handler returns, so its next request sees the charge.
            if (observer is null || exchange.Charge is not null) exchange.Parsed = answer.Read(model.Protocol);
            if (exchange.Parsed is { } parsed) exchange.Charge?.Invoke(parsed);
            if (observer is null)
            {
                metrics.Usage(model, exchange.Parsed!.PromptTokens, exchange.Parsed.CompletionTokens);
                return;
            }
            // The client has everything; reading usage, journaling and queueing the scoring happen off this request.
            await context.Response.CompleteAsync();
            await observer.OnAnsweredAsync(exchange);
            return;
        }
    }
}
