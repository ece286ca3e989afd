using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Registry;
using SemanticRouter.Gateway.Routing;
using SemanticRouter.Retraining;
using SemanticRouter.Routing;
using SemanticRouter.Routing.Encoders;
using SemanticRouter.Routing.Policy;
using SemanticRouter.Routing.Registry;

namespace SemanticRouter.Gateway.Composition;

/// <summary>The Route stage's registry as retraining sees it (retraining comes after every stage and imports none).</summary>
internal sealed class ServingClassifier(ClassifierRegistry registry, IOptions<RoutingOptions> routing) : IServingClassifier
{
    public OnnxEncoder? Encoder => registry.Encoder;
    public Classifier? Current => registry.Current;
    public Classifier? Shipped => registry.Shipped;
    public ClassifierStore Store => registry.Store;
    public UtilityPolicy Policy { get; } = routing.Value.Policy();
    public void Reload() => registry.Reload();
}
