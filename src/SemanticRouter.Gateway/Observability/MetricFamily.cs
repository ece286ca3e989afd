using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SemanticRouter.Gateway.Observability;

internal enum MetricKind { Counter, Gauge, Histogram }

/// <summary>One instrument's values by label set, as the Prometheus exposition needs them.</summary>
internal sealed class MetricFamily
{
    private readonly ConcurrentDictionary<LabelSet, Cell> _cells = new();
    private readonly bool _observable;

    public MetricFamily(Instrument instrument)
    {
        Kind = instrument switch
        {
            Histogram<double> => MetricKind.Histogram,
            Counter<long> or Counter<double> or ObservableCounter<long> or ObservableCounter<double> => MetricKind.Counter,
            _ => MetricKind.Gauge,
        };
        _observable = instrument.IsObservable;
        Name = Kind == MetricKind.Counter ? instrument.Name + "_total" : instrument.Name;
        Help = instrument.Description ?? "";
        Buckets = (instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries?.ToArray() ?? [];
    }

    public string Name { get; }
    public string Help { get; }
    public MetricKind Kind { get; }
    public double[] Buckets { get; }

    public IEnumerable<(LabelSet Labels, Cell Cell)> Samples =>
        _cells.Select(c => (c.Key, c.Value)).OrderBy(c => c.Key.ToString(), StringComparer.Ordinal);

    /// <summary>Observable values are reported whole at each collection: forget the last ones first.</summary>
    internal void BeginObservation()
    {
        if (_observable) _cells.Clear();
    }

    internal void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var cell = _cells.GetOrAdd(LabelSet.From(tags), static (_, buckets) => new Cell(buckets.Length), Buckets);
        if (Kind == MetricKind.Histogram) cell.Observe(value, Buckets);
        else if (_observable || Kind == MetricKind.Gauge) cell.Set(value);
        else cell.Add(value);
    }

    /// <summary>A value (counter, gauge) or a histogram's bucket counts, sum and count.</summary>
    public sealed class Cell(int buckets)
    {
        private readonly Lock _gate = new();
        private readonly long[] _bucketCounts = new long[buckets];
        private double _value;
        private long _count;

        public double Value { get { lock (_gate) return _value; } }

        public (long[] Cumulative, double Sum, long Count) Histogram()
        {
            lock (_gate)
            {
                var cumulative = new long[_bucketCounts.Length];
                long running = 0;
                for (var i = 0; i < cumulative.Length; i++) cumulative[i] = running += _bucketCounts[i];
                return (cumulative, _value, _count);
            }
        }

        internal void Add(double value) { lock (_gate) _value += value; }

        internal void Set(double value) { lock (_gate) _value = value; }

        internal void Observe(double value, double[] bounds)
        {
            var i = Array.BinarySearch(bounds, value);
            if (i < 0) i = ~i; // first bound >= value; values above every bound only count in +Inf
            lock (_gate)
            {
                if (i < _bucketCounts.Length) _bucketCounts[i]++;
                _value += value;
                _count++;
            }
        }
    }
}
