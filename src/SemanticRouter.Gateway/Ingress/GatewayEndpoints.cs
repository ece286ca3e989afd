using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>The Ingress stage: the OpenAI-compatible API the applications call.</summary>
internal static class GatewayEndpoints
{
    public static void MapGatewayEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        // The handler's services are resolved once, not per request (a dozen lookups were 1% of the CPU at load).
        v1.MapPost("/chat/completions", context => context.RequestServices.GetRequiredService<ChatCompletions>().HandleAsync(context));
        v1.MapPost("/feedback", FeedbackEndpoint.HandleAsync);
        v1.MapGet("/models", (ModelCatalog catalog) => Results.Json(
            new ModelList("list", [
                new ModelInfo("auto", "model", 0, "semantic-router"),
                .. catalog.Models.Select(m => new ModelInfo(m.Name, "model", 0, "semantic-router", m.PricePer1kTokens)),
            ]),
            ContractsJson.Context.ModelList));
        app.MapGet("/healthz", (ModelCatalog catalog) =>
            catalog.Models.Count > 0 ? Results.Text("ok") : Results.Text("no models in the catalog", statusCode: 503));
    }
}
