using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Protocols;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// The Forward stage, the last of the request path: sends the exchange to its model (a routed request falls back to
/// the next-best model when an upstream fails before anything reached the client, or is at its concurrency cap), relays the answer as it arrives,
/// charges the key its tokens, and hands the served exchange to the <see cref="IAnswerObserver"/> if there is one.
/// </summary>
internal sealed class ForwardStage(Forwarder forwarder, ConcurrencyCaps caps, GatewayMetrics metrics, IOptions<ForwardingOptions> options,
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
                // A model at its concurrency cap refuses at once (a 503 upstream failure): a routed request falls back.
                using var slot = await caps.EnterAsync(model, context.RequestAborted);
                var body = exchange.TranslatorTo(model).RelayedBody(exchange.Body, exchange.Request, model.UpstreamModel);
                // Set before the attempt: it goes out with the answer's headers (an error body is written afresh).
                context.Response.Headers[GatewayHeaders.Model] = model.Name;
                // The answer's row is journaled before its last byte goes out: an answer a client has survives a crash.
                answer = await forwarder.ForwardAsync(context, model, body, exchange.Request, exchange.Protocol,
                    observer is null ? null : a => Served(exchange, model, a));
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
            if (exchange.Answer is null) await Served(exchange, model, answer); // a cut answer: no end was held back for it
            if (observer is null) metrics.Usage(model, exchange.Parsed!.PromptTokens, exchange.Parsed.CompletionTokens);
            return;
        }
    }

    /// <summary>
    /// The exchange's answer is complete: charge the key (before the handler returns, so its next request sees the
    /// charge) and hand it to the observer, which journals it before this completes.
    /// </summary>
    private async ValueTask Served(Exchange exchange, CatalogModel model, UpstreamAnswer answer)
    {
        exchange.Model = model;
        exchange.Answer = answer;
        if (observer is null || exchange.Charge is not null) exchange.Parsed = answer.Read(model.Protocol);
        if (exchange.Parsed is { } parsed) exchange.Charge?.Invoke(parsed);
        if (observer is not null) await observer.OnAnsweredAsync(exchange);
    }
}
