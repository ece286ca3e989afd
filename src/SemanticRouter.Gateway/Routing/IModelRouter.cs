using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;

namespace SemanticRouter.Gateway.Routing;

/// <summary>The Routing stage: picks the model that answers a request sent with <c>"model": "auto"</c> or none.</summary>
public interface IModelRouter
{
    RouteDecision Route(ChatRequest request);
}

/// <summary>
/// What the router chose: the model, which router (classifier version) decided, and the candidates it weighed
/// as compact text (<c>model=utility;…</c>, best first), for headers and the flywheel's records.
/// </summary>
public sealed record RouteDecision(CatalogModel Model, string RouterVersion, string? Candidates = null);
