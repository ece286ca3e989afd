using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;

namespace SemanticRouter.Gateway.Routing;

/// <summary>The Routing stage: picks the model that answers a request sent with <c>"model": "auto"</c> or none.</summary>
public interface IModelRouter
{
    RouteDecision Route(ChatRequest request);
}

/// <summary>What the router chose, and a short reason a person can read in logs and headers.</summary>
public sealed record RouteDecision(CatalogModel Model, string Reason);
