using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Health;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Registry;
using SemanticRouter.Routing.Policy;

namespace SemanticRouter.Gateway.Routing;

/// <summary>
/// Routes with the classifier in service: per-model estimates, ranked by utility, the best model that is in the
/// catalog wins. With no classifier, or a question unlike anything it was trained on, the default model answers.
/// </summary>
internal sealed class SemanticModelRouter(ClassifierRegistry registry, ModelCatalog catalog, DefaultModelRouter fallback,
    UpstreamHealth health, IOptions<RoutingOptions> routing) : IModelRouter
{
    private readonly UtilityPolicy _policy = routing.Value.Policy();
    private readonly bool _readConversation = routing.Value.ReadConversation;

    public RouteDecision Route(ChatRequest request)
    {
        var classifier = registry.Current;
        if (classifier is null) return fallback.Route(request);
        // Models whose circuit is open are not candidates: the next-best one answers until they recover.
        // Nor are models that cannot take the request's media.
        Func<string, bool> available = name => catalog.TryGet(name, out var m) && m.Takes(request.Media) && health.IsAvailable(name);
        var decision = classifier.Decide(_readConversation ? request.RoutingText : request.Question, _policy, available);
        // The ranking holds only models `available` let through; a catalog refresh since may have removed one.
        var ranked = new List<CatalogModel>(decision.Ranked.Length);
        var utilities = new List<double>(decision.Ranked.Length);
        foreach (var candidate in decision.Ranked)
        {
            if (!catalog.TryGet(candidate.Model, out var model)) continue;
            ranked.Add(model);
            utilities.Add(candidate.Utility);
        }
        var (name, isFallback) = _policy.Choose(decision, available);
        var chosen = name is not null && catalog.TryGet(name, out var named) ? named : fallback.Route(request).Model;
        return new RouteDecision(chosen, classifier.Version, Describe(decision.Ranked), decision.ElapsedMs, Fallback: isFallback || name is null, ranked)
        {
            Utilities = utilities,
        };
    }

    /// <summary>The top three as <c>model=utility;…</c>, best first.</summary>
    private static string Describe(Candidate[] ranked)
    {
        var text = new StringBuilder();
        foreach (var candidate in ranked.Take(3))
        {
            if (text.Length > 0) text.Append(';');
            text.Append(candidate.Model).Append('=').Append(candidate.Utility.ToString("0.###", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
