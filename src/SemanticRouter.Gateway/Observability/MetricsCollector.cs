using System.Diagnostics.Metrics;

namespace SemanticRouter.Gateway.Observability;

/// <summary>
/// Listens to this gateway's meter (and no other: two gateways in one process keep apart) and keeps what
/// <c>/metrics</c> shows: counter sums, gauge values and histogram buckets, per label set.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<Instrument, MetricFamily> _families = [];
    private readonly Lock _scrape = new();

    public MetricsCollector(IMeterFactory factory, GatewayMetrics metrics)
    {
        _ = metrics; // the instruments exist once GatewayMetrics does: make sure it is built before we listen
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope != factory || instrument.Meter.Name != GatewayMetrics.MeterName) return;
            var family = new MetricFamily(instrument);
            lock (_families) _families[instrument] = family;
            listener.EnableMeasurementEvents(instrument, family);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments now and returns every family, sorted by name.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        lock (_scrape)
        {
            MetricFamily[] families;
            lock (_families) families = [.. _families.Values];
            foreach (var family in families) family.BeginObservation();
            _listener.RecordObservableInstruments();
            return [.. families.OrderBy(f => f.Name, StringComparer.Ordinal)];
        }
    }

    public void Dispose() => _listener.Dispose();
}
