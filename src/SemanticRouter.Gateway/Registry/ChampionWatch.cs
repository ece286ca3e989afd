using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Routing;

namespace SemanticRouter.Gateway.Registry;

/// <summary>
/// Watches a newly promoted classifier in service. It keeps the live scores of routed answers per classifier version
/// (the last <see cref="RoutingOptions.RollbackAnswers"/> of each); when the registry swaps from one version to
/// another, the new one is on probation against the live mean of the one it replaced. Once it has as many scored
/// answers of its own, a mean lower by more than <see cref="RoutingOptions.RollbackDrop"/> rolls the promotion back:
/// the champion pointer returns to the previous version (so every gateway sharing the data directory follows),
/// <c>rollback.json</c> is written beside the demoted version, and it is logged and counted. A swap with no live
/// history of the previous version in this process is not watched: there is nothing to compare with.
/// </summary>
internal sealed partial class ChampionWatch(ClassifierRegistry registry, GatewayMetrics metrics, IOptions<RoutingOptions> options,
    ILogger<ChampionWatch> logger)
{
    private readonly int _answers = options.Value.RollbackAnswers;
    private readonly double _drop = options.Value.RollbackDrop;
    private readonly Dictionary<string, Queue<double>> _scores = new(StringComparer.Ordinal);
    private string? _served;
    private Probation? _probation;

    private sealed record Probation(string Version, string Previous, double PreviousMean);

    /// <summary>The live score of an answer a classifier version routed.</summary>
    public void Observe(string version, double score)
    {
        if (_answers <= 0) return;
        string? rollBack = null;
        double mean = 0;
        Probation? probation;
        lock (_scores)
        {
            Notice(registry.Current?.Version);
            if (!_scores.TryGetValue(version, out var window)) _scores[version] = window = new Queue<double>(_answers);
            window.Enqueue(score);
            if (window.Count > _answers) window.Dequeue();
            probation = _probation;
            if (probation is null || probation.Version != version || window.Count < _answers) return;
            _probation = null;
            mean = window.Average();
            if (mean < probation.PreviousMean - _drop) rollBack = probation.Previous;
        }
        if (rollBack is null)
        {
            LogKept(version, mean, probation.PreviousMean, _answers);
            return;
        }
        File.WriteAllText(Path.Combine(registry.Store.Folder(version), "rollback.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["at"] = DateTimeOffset.UtcNow, ["to"] = rollBack, ["live_mean_score"] = mean, ["previous_mean_score"] = probation.PreviousMean,
            ["answers"] = _answers, ["drop"] = _drop,
        }));
        metrics.Rollback(version);
        LogRolledBack(version, rollBack, mean, probation.PreviousMean, _answers, _drop);
        registry.Store.ReturnTo(rollBack);
        registry.Reload();
    }

    /// <summary>Starts a probation when the version in service changed since the last score (called under the lock).</summary>
    private void Notice(string? current)
    {
        if (current is null || current == _served) return;
        var previous = _served;
        _served = current;
        _probation = previous is not null && _scores.TryGetValue(previous, out var history) && history.Count >= _answers
            ? new Probation(current, previous, history.Average())
            : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rolled back classifier {Version} to {Previous}: live mean score {Mean:F4} over {Answers} routed answers, below {PreviousMean:F4} by more than {Drop}")]
    private partial void LogRolledBack(string version, string previous, double mean, double previousMean, int answers, double drop);

    [LoggerMessage(Level = LogLevel.Information, Message = "Classifier {Version} kept after probation: live mean score {Mean:F4} against {PreviousMean:F4} before it, over {Answers} routed answers")]
    private partial void LogKept(string version, double mean, double previousMean, int answers);
}
