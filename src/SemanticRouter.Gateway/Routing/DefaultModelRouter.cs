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
        if (catalog.TryGet(options.Value.DefaultModel, out var model)) return new RouteDecision(model, Version);
        return catalog.Models.Count > 0
            ? new RouteDecision(catalog.Models[0], Version)
            : throw GatewayException.NoModels();
    }
}
