using SemanticRouter.Gateway.Catalog;

namespace SemanticRouter.Gateway.Pipeline;

/// <summary>
/// What the router chose: the model, which router (classifier version) decided, the candidates it weighed as
/// compact text (<c>model=utility;…</c>, best first), the time the decision took, and whether the router fell
/// back to the default model because the classifier was not confident. <see cref="Alternatives"/> are the other
/// models worth trying, best utility first, should the chosen one fail.
/// </summary>
internal sealed record RouteDecision(CatalogModel Model, string RouterVersion, string? Candidates = null, double DecisionMs = 0,
    bool Fallback = false, IReadOnlyList<CatalogModel>? Alternatives = null)
{
    /// <summary>The utility of each of <see cref="Alternatives"/>, in the same order (null when the router weighed none).</summary>
    public IReadOnlyList<double>? Utilities { get; init; }

    /// <summary>What the conversation's pin did to this decision: <c>new</c>, <c>kept</c>, <c>switched</c>, <c>tool-loop</c>; null without a session.</summary>
    public string? Session { get; init; }

    /// <summary>The chosen model, then up to <paramref name="maxFallbacks"/> alternatives.</summary>
    public IReadOnlyList<CatalogModel> Attempts(int maxFallbacks) =>
        [Model, .. (Alternatives ?? []).Where(m => m.Name != Model.Name).Take(Math.Max(0, maxFallbacks))];
}
