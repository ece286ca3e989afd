using SemanticRouter.Gateway.Shadow;
using SemanticRouter.Recording;

namespace SemanticRouter.Gateway.Recording;

/// <summary>The flywheel's scores, one by one, into the per-model drift watch the retrain triggers read.</summary>
internal sealed class DriftWatch(ScoreDrift drift) : IScoreWatch
{
    public void Observe(string model, double score) => drift.Observe(model, score);
}
