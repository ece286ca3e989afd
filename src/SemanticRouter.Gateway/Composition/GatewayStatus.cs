using Microsoft.Extensions.DependencyInjection;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Registry;
using SemanticRouter.Gateway.Shadow;
using SemanticRouter.Recording;
using SemanticRouter.Retraining;

namespace SemanticRouter.Gateway.Composition;

/// <summary>
/// What Observability shows of the flywheel, the classifier and retraining, read from them when asked. The parts are
/// looked up then, not injected: the flywheel's exist only while it is on, and they report to the metrics themselves.
/// </summary>
internal sealed class GatewayStatus(IServiceProvider services) : IGatewayStatus
{
    public long ShadowDropped => services.GetService<ShadowQueue>()?.DroppedCount ?? 0;
    public long FlywheelRowsWritten => services.GetService<FlywheelRecorder>()?.RowsWritten ?? 0;
    public long FlywheelRowsLost => services.GetService<FlywheelRecorder>()?.RowsLost ?? 0;
    public bool RoutingReady => services.GetService<ClassifierRegistry>() is not { } registry || registry.Current is not null;
    public string? ClassifierVersion => services.GetService<ClassifierRegistry>()?.Current?.Version;

    public object? Classifier => services.GetService<ClassifierRegistry>()?.Current is { } c
        ? new { version = c.Version, created = c.Manifest.Created, metrics = c.Manifest.Metrics, data = c.Manifest.Data }
        : null;

    public IReadOnlyList<object> Retrains => services.GetService<Retrainer>()?.History ?? [];

    public IReadOnlyList<(string Model, bool Alarmed)> Drift =>
        services.GetService<ScoreDrift>()?.Snapshot().Select(d => (d.Model, d.Alarmed)).ToList() ?? [];

    public long DriftAlarmsRaised => services.GetService<ScoreDrift>()?.AlarmsRaised ?? 0;
}
