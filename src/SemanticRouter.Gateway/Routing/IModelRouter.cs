using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;

namespace SemanticRouter.Gateway.Routing;

/// <summary>The Routing stage: picks the model that answers a request sent with <c>"model": "auto"</c> or none.</summary>
public interface IModelRouter
{
    RouteDecision Route(ChatRequest request);
}

/// <summary>
/// What the router chose: the model, which router (classifier version) decided, the candidates it weighed as
/// compact text (<c>model=utility;…</c>, best first), the time the decision took, and whether the router fell
/// back to the default model because the classifier was not confident.
/// </summary>
public sealed record RouteDecision(CatalogModel Model, string RouterVersion, string? Candidates = null, double DecisionMs = 0,
    bool Fallback = false);
