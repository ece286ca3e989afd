using System.Diagnostics;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Pipeline;

namespace SemanticRouter.Gateway.Shadow;

/// <summary>
/// Work the gateway does after the client has its answer. <see cref="Trace"/> is the request's span, so the
/// background spans (shadow, evaluate) are its children although they run after it ended.
/// </summary>
internal abstract record ShadowWork(ActivityContext Trace);

/// <summary>Score a recorded answer (its row is journaled and waits for the score).</summary>
internal sealed record ScoreWork(RecordedAnswer Answer, ActivityContext Trace) : ShadowWork(Trace);

/// <summary>Send the same request to the baseline model, record its answer, score it.</summary>
internal sealed record BaselineWork(Exchange Exchange, CatalogModel Baseline) : ShadowWork(Exchange.Trace);
