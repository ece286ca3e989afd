namespace SemanticRouter.Gateway.Shadow;

/// <summary>
/// Hears every score an answer got (refusals left out), in the order they came: the Record stage implements it with
/// its per-model drift watch. Shadow owns this interface and imports nothing of Record.
/// </summary>
internal interface IScoreWatch
{
    void Observe(string model, double score);
}
