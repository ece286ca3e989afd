using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Configuration;
using SemanticRouter.Gateway.Forwarding;
using SemanticRouter.Gateway.Routing;
using SemanticRouter.Gateway.Shadow;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>The Ingress stage: the OpenAI-compatible API the applications call.</summary>
internal static class GatewayEndpoints
{
    public static void MapGatewayEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapPost("/chat/completions", ChatCompletionsAsync);
        v1.MapGet("/models", (ModelCatalog catalog) => Results.Json(
            new ModelList("list", [
                new ModelInfo("auto", "model", 0, "semantic-router"),
                .. catalog.Models.Select(m => new ModelInfo(m.Name, "model", 0, "semantic-router", m.PricePer1kTokens)),
            ]),
            ContractsJson.Context.ModelList));
        app.MapGet("/healthz", (ModelCatalog catalog) =>
            catalog.Models.Count > 0 ? Results.Text("ok") : Results.Text("no models in the catalog", statusCode: 503));
    }

    private static void WriteDecisionHeaders(IHeaderDictionary headers, RouteDecision decision)
    {
        headers[GatewayHeaders.Version] = decision.RouterVersion;
        headers[GatewayHeaders.DecisionMs] = decision.DecisionMs.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        if (decision.Candidates is not null) headers[GatewayHeaders.Candidates] = decision.Candidates;
    }

    private static async Task ChatCompletionsAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var body = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
        var request = ChatRequest.Parse(body, options.MaxJsonDepth);
        var catalog = services.GetRequiredService<ModelCatalog>();
        var forwarder = services.GetRequiredService<Forwarder>();
        var flywheel = services.GetService<Flywheel>();
        var requestId = Guid.CreateVersion7().ToString("N");
        context.Response.Headers[GatewayHeaders.RequestId] = requestId;

        if (flywheel is not null && (TrainingMode.Requested(context.Request) || services.GetRequiredService<IOptions<ShadowOptions>>().Value.TrainingModeForAll))
        {
            await TrainingMode.HandleAsync(context, new Exchange(requestId, request, body, null), catalog, forwarder, flywheel);
            return;
        }

        RouteDecision? decision = null;
        CatalogModel target;
        if (request.IsRouted) target = (decision = services.GetRequiredService<IModelRouter>().Route(request)).Model;
        else if (!catalog.TryGet(request.Model!, out target)) throw GatewayException.ModelNotFound(request.Model!);

        context.Response.Headers[GatewayHeaders.Model] = target.Name;
        if (decision is not null) WriteDecisionHeaders(context.Response.Headers, decision);
        var forwarded = request.Model == target.UpstreamModel ? body : RequestBody.Rewrite(body, target.UpstreamModel);
        var exchange = new Exchange(requestId, request, body, decision);
        UpstreamAnswer answer;
        try
        {
            answer = await forwarder.ForwardAsync(context, target, forwarded);
        }
        catch (GatewayException failure) when (flywheel is not null)
        {
            // The client gets the error; the flywheel keeps the failed attempt too (no answer, no score).
            await flywheel.OnFailedAsync(exchange, target, failure.Status, failure.Message);
            throw;
        }
        if (flywheel is null) return;

        // The client has everything; what follows (journal, queueing the scoring) must not delay it.
        await context.Response.CompleteAsync();
        await flywheel.OnAnsweredAsync(exchange, target, answer, services.GetRequiredService<ShadowQueue>());
    }
}
