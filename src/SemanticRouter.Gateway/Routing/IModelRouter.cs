using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Pipeline;

namespace SemanticRouter.Gateway.Routing;

/// <summary>The Routing stage's decision: picks the model that answers a request sent with <c>"model": "auto"</c> or none.</summary>
internal interface IModelRouter
{
    RouteDecision Route(ChatRequest request);
}
