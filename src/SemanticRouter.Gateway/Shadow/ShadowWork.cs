using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Recording;

namespace SemanticRouter.Gateway.Shadow;

/// <summary>Work the gateway does after the client has its answer.</summary>
public abstract record ShadowWork;

/// <summary>Score a recorded answer (its row is journaled and waits for the score).</summary>
public sealed record ScoreWork(FlywheelRow Row) : ShadowWork;

/// <summary>Send the same request to the baseline model, record its answer, score it.</summary>
public sealed record BaselineWork(Exchange Exchange, CatalogModel Baseline, string ChosenModel) : ShadowWork;
