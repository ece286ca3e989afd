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

    private static async Task ChatCompletionsAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var body = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
        var request = ChatRequest.Parse(body, options.MaxJsonDepth);

        CatalogModel target;
        if (request.IsRouted)
            target = services.GetRequiredService<IModelRouter>().Route(request).Model;
        else if (!services.GetRequiredService<ModelCatalog>().TryGet(request.Model!, out target))
            throw GatewayException.ModelNotFound(request.Model!);

        context.Response.Headers[GatewayHeaders.Model] = target.Name;
        var forwarded = request.Model == target.UpstreamModel ? body : RequestBody.WithModel(body, target.UpstreamModel);
        await services.GetRequiredService<Forwarder>().ForwardAsync(context, target, forwarded);
    }
}
