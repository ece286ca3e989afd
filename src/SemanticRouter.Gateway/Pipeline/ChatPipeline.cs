using Microsoft.AspNetCore.Http;

namespace SemanticRouter.Gateway.Pipeline;

/// <summary>The rest of the pipeline after a stage.</summary>
internal delegate Task ExchangeDelegate(HttpContext context, Exchange exchange);

/// <summary>A stage of the request path: does its part of the exchange and hands it to <c>next</c>, or answers the request itself.</summary>
internal interface IExchangeStage
{
    Task InvokeAsync(HttpContext context, Exchange exchange, ExchangeDelegate next);
}

/// <summary>
/// The stages after Ingress, composed once into one delegate as ASP.NET Core composes middleware: a stage knows only
/// the delegate it is handed, never the stage behind it.
/// </summary>
internal sealed class ChatPipeline(IReadOnlyList<IExchangeStage> stages)
{
    private readonly ExchangeDelegate _first = Compose(stages);

    public Task InvokeAsync(HttpContext context, Exchange exchange) => _first(context, exchange);

    private static ExchangeDelegate Compose(IReadOnlyList<IExchangeStage> stages)
    {
        ExchangeDelegate next = static (_, _) => Task.CompletedTask;
        for (var i = stages.Count - 1; i >= 0; i--)
        {
            var (stage, after) = (stages[i], next);
            next = (context, exchange) => stage.InvokeAsync(context, exchange, after);
        }
        return next;
    }
}
