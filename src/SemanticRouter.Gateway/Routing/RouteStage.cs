using System.Globalization;
using Microsoft.AspNetCore.Http;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Pipeline;

namespace SemanticRouter.Gateway.Routing;

/// <summary>
/// The Route stage: a request for <c>auto</c> (or no model) gets the router's decision, which its response headers
/// describe; a request that names a model gets that catalog model (404 for one the catalog lacks).
/// </summary>
internal sealed class RouteStage(IModelRouter router, ModelCatalog catalog, GatewayMetrics metrics, SessionPins? sessions = null) : IExchangeStage
{
    public Task InvokeAsync(HttpContext context, Exchange exchange, ExchangeDelegate next)
    {
        var request = exchange.Request;
        if (request.IsRouted)
        {
            RouteDecision decision;
            using (GatewayTracing.Source.StartActivity("route")) decision = router.Route(request);
            if (sessions is not null) decision = sessions.Apply(context.Request.Headers[GatewayHeaders.SessionId].ToString(), request, decision);
            metrics.RoutingDecision(decision.DecisionMs / 1000.0);
            WriteDecisionHeaders(context.Response.Headers, decision);
            exchange.Decision = decision;
        }
        else if (catalog.TryGet(request.Model!, out var model))
            exchange.Model = model.Takes(request.Media) ? model : throw GatewayException.NoModelTakes(request.Media, model.Name);
        else throw GatewayException.ModelNotFound(request.Model!);
        return next(context, exchange);
    }

    private static void WriteDecisionHeaders(IHeaderDictionary headers, RouteDecision decision)
    {
        headers[GatewayHeaders.Version] = decision.RouterVersion;
        headers[GatewayHeaders.DecisionMs] = decision.DecisionMs.ToString("0.###", CultureInfo.InvariantCulture);
        if (decision.Candidates is not null) headers[GatewayHeaders.Candidates] = decision.Candidates;
        if (decision.Session is not null) headers[GatewayHeaders.Session] = decision.Session;
    }
}
