using Microsoft.Extensions.Hosting;

namespace SemanticRouter.Gateway.Observability;

/// <summary>
/// The dashboard's time series: every <see cref="Interval"/> it reads the collector and keeps, per model, the
/// requests answered in the interval, their mean response time, and the mean score in the sliding window.
/// The last <see cref="Capacity"/> points are kept (an hour at the default 10 s).
/// </summary>
internal sealed class MetricsHistory(MetricsCollector collector) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    public const int Capacity = 360;

    private readonly Queue<Point> _points = new();
    private Dictionary<string, (double Requests, double Seconds, double Count)> _last = [];

    public IReadOnlyList<Point> Points { get { lock (_points) return [.. _points]; } }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Sample();
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken)) Sample();
    }

    public void Sample()
    {
        var families = collector.Collect().ToDictionary(f => f.Name);
        var now = new Dictionary<string, (double Requests, double Seconds, double Count)>();
        if (families.TryGetValue("semantic_router_requests_total", out var requests))
            foreach (var (labels, cell) in requests.Samples)
            {
                var model = labels["model"] ?? "";
                now[model] = (now.GetValueOrDefault(model).Requests + cell.Value, 0, 0);
            }
        if (families.TryGetValue("semantic_router_response_time_seconds", out var latency))
            foreach (var (labels, cell) in latency.Samples)
            {
                var model = labels["model"] ?? "";
                var (_, sum, count) = cell.Histogram();
                now[model] = (now.GetValueOrDefault(model).Requests, sum, count);
            }
        var scores = families.TryGetValue("semantic_router_accuracy_score", out var accuracy)
            ? accuracy.Samples.ToDictionary(s => s.Labels["model"] ?? "", s => s.Cell.Value) : [];

        var models = now.Select(m =>
        {
            var before = _last.GetValueOrDefault(m.Key);
            var count = m.Value.Count - before.Count;
            return new ModelPoint(m.Key, m.Value.Requests - before.Requests,
                count > 0 ? (m.Value.Seconds - before.Seconds) / count * 1000 : null,
                scores.TryGetValue(m.Key, out var score) ? score : null);
        }).OrderBy(m => m.Model, StringComparer.Ordinal).ToArray();
        _last = now;
        lock (_points)
        {
            _points.Enqueue(new Point(DateTimeOffset.UtcNow, models));
            while (_points.Count > Capacity) _points.Dequeue();
        }
    }

    public sealed record Point(DateTimeOffset At, ModelPoint[] Models);

    /// <summary>One model in one interval: requests answered, their mean latency, the windowed mean score.</summary>
    public sealed record ModelPoint(string Model, double Requests, double? MeanLatencyMs, double? MeanScore);
}
