using Microsoft.Extensions.Options;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Pipeline;

namespace SemanticRouter.Gateway.Routing;

/// <summary>
/// Sends every routed request to the configured default model (or, when the catalog lacks it, the first model
/// listed). It serves until a classifier is available, and is the fallback when the classifier is unsure.
/// </summary>
internal sealed class DefaultModelRouter(ModelCatalog catalog, IOptions<RoutingOptions> options) : IModelRouter
{
    public const string Version = "default-model";

    public RouteDecision Route(ChatRequest request)
    {
        if (catalog.Models.Count == 0) throw GatewayException.NoModels();
        if (catalog.TryGet(options.Value.DefaultModel, out var model) && model.Takes(request.Media)) return new RouteDecision(model, Version);
        return catalog.Models.FirstOrDefault(m => m.Takes(request.Media)) is { } taker
            ? new RouteDecision(taker, Version)
            : throw GatewayException.NoModelTakes(request.Media);
    }
}
