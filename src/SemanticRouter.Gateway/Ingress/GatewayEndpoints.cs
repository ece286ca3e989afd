using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Protocols;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>The Ingress stage: the OpenAI-compatible API the applications call.</summary>
internal static class GatewayEndpoints
{
    public static void MapGatewayEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        // The handler's services are resolved once, not per request (a dozen lookups were 1% of the CPU at load).
        v1.MapPost("/chat/completions", context => context.RequestServices.GetRequiredService<ChatCompletions>().HandleAsync(context));
        v1.MapPost("/responses", context => context.RequestServices.GetRequiredService<ChatCompletions>().HandleAsync(context, ChatProtocols.OpenAiResponses));
        v1.MapPost("/messages", context => context.RequestServices.GetRequiredService<ChatCompletions>().HandleAsync(context, ChatProtocols.AnthropicMessages));
        v1.MapPost("/feedback", FeedbackEndpoint.HandleAsync);
        v1.MapGet("/models", (ModelCatalog catalog) => Results.Json(
            new ModelList("list", [Auto, .. catalog.Models.Select(Info)]), ContractsJson.Context.ModelList));
        v1.MapGet("/models/{**id}", (string id, ModelCatalog catalog) =>
            id == Auto.Id ? Results.Json(Auto, ContractsJson.Context.ModelInfo)
            : catalog.TryGet(id, out var model) ? Results.Json(Info(model), ContractsJson.Context.ModelInfo)
            : throw GatewayException.ModelNotFound(id));
        // Every other path under /v1 gets an error body a client's SDK can read, never an empty 404.
        v1.Map("/{**path}", (HttpContext context) => throw new GatewayException(404,
            $"Unknown endpoint: {context.Request.Method} {context.Request.Path}.", "invalid_request_error", "unknown_endpoint"));
        app.MapGet("/healthz", (ModelCatalog catalog) =>
            catalog.Models.Count > 0 ? Results.Text("ok") : Results.Text("no models in the catalog", statusCode: 503));
        // Liveness: the process serves HTTP. Readiness: it can answer a request, the catalog read and the classifier loaded.
        app.MapGet("/livez", () => Results.Text("ok"));
        app.MapGet("/readyz", (ModelCatalog catalog, IGatewayStatus status) =>
            catalog.Models.Count == 0 ? Results.Text("no models in the catalog", statusCode: 503)
            : !status.RoutingReady ? Results.Text("no classifier loaded", statusCode: 503)
            : Results.Text("ok"));
    }

    private static readonly ModelInfo Auto = new("auto", "model", 0, "semantic-router");

    private static ModelInfo Info(CatalogModel model) => new(model.Name, "model", 0, "semantic-router", model.PricePer1kTokens,
        Accepts: model.Accepts.Count > 0 ? [.. model.Accepts] : null);
}
