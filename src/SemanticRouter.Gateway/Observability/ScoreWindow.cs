using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SemanticRouter.Gateway.Observability;

/// <summary>
/// Evaluate scores by model over a sliding time window, kept as one (sum, count) per model per minute so memory
/// stays the same however many answers are scored; <see cref="Means"/> feeds an observable gauge.
/// </summary>
internal sealed class ScoreWindow(TimeSpan window, TimeProvider time)
{
    private static readonly TimeSpan Bucket = TimeSpan.FromMinutes(1);

    private readonly int _buckets = Math.Max(1, (int)Math.Ceiling(window / Bucket));
    private readonly ConcurrentDictionary<string, Buckets> _byModel = new(StringComparer.Ordinal);

    public void Add(string model, double score)
    {
        var buckets = _byModel.GetOrAdd(model, _ => new Buckets(_buckets));
        lock (buckets) buckets.Add(Minute(), score);
    }

    public IEnumerable<Measurement<double>> Means()
    {
        var result = new List<Measurement<double>>();
        var now = Minute();
        foreach (var (model, buckets) in _byModel)
        {
            double? mean;
            lock (buckets) mean = buckets.Mean(now);
            if (mean is { } m) result.Add(new Measurement<double>(m, new KeyValuePair<string, object?>("model", model)));
        }
        return result;
    }

    private long Minute() => time.GetUtcNow().UtcTicks / Bucket.Ticks;

    /// <summary>A ring of per-minute sums and counts; a slot is reset when a new minute reuses it.</summary>
    private sealed class Buckets(int size)
    {
        private readonly long[] _minute = Enumerable.Repeat(long.MinValue, size).ToArray();
        private readonly double[] _sum = new double[size];
        private readonly long[] _count = new long[size];

        public void Add(long minute, double score)
        {
            var i = (int)(minute % size);
            if (_minute[i] != minute) (_minute[i], _sum[i], _count[i]) = (minute, 0, 0);
            _sum[i] += score;
            _count[i]++;
        }

        public double? Mean(long now)
        {
            double sum = 0;
            long count = 0;
            for (var i = 0; i < size; i++)
                if (now - _minute[i] < size) (sum, count) = (sum + _sum[i], count + _count[i]);
            return count > 0 ? sum / count : null;
        }
    }
}
