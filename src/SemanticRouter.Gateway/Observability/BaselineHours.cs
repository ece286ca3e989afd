using System.Collections.Concurrent;

namespace SemanticRouter.Gateway.Observability;

/// <summary>
/// The shadow pairs of the last <see cref="Hours"/> hours, per routed model and clock hour (UTC): outcomes, both sides'
/// score sums, and the latency and cost routing saved. One slot per model per hour in a ring, so memory stays the same
/// however many pairs come; the dashboard reads <see cref="Rows"/> (Prometheus has the same counters for <c>increase(…[1h])</c>).
/// </summary>
internal sealed class BaselineHours(TimeProvider time)
{
    public const int Hours = 24;

    private readonly ConcurrentDictionary<string, Slot[]> _byModel = new(StringComparer.Ordinal);

    public void Outcome(string model, string outcome, double latencySavedSeconds, double costSaved) => Update(model, slot =>
    {
        if (outcome == "win") slot.Win++;
        else if (outcome == "loss") slot.Loss++;
        else slot.Tie++;
        slot.LatencySavedSeconds += latencySavedSeconds;
        slot.CostSaved += costSaved;
    });

    public void Scores(string model, double routed, double baseline) => Update(model, slot =>
    {
        slot.RoutedScore += routed;
        slot.BaselineScore += baseline;
    });

    /// <summary>Every model's figures for each hour of the last day that had pairs, newest hour first, then by model.</summary>
    public IReadOnlyList<Row> Rows()
    {
        var now = Hour();
        var rows = new List<Row>();
        foreach (var (model, ring) in _byModel)
            lock (ring)
                foreach (var s in ring)
                    if (s.Hour > now - Hours) // a slot is only ever set when a pair adds to it
                    {
                        var pairs = s.Win + s.Tie + s.Loss;
                        rows.Add(new Row(new DateTimeOffset(s.Hour * TimeSpan.TicksPerHour, TimeSpan.Zero), model, pairs, s.Win, s.Tie, s.Loss,
                            s.BaselineScore > 0 ? s.RoutedScore / s.BaselineScore : null,
                            pairs > 0 ? s.LatencySavedSeconds * 1000 / pairs : null, s.CostSaved));
                    }
        return [.. rows.OrderByDescending(r => r.Hour).ThenBy(r => r.Model, StringComparer.Ordinal)];
    }

    private void Update(string model, Action<Slot> change)
    {
        var hour = Hour();
        var ring = _byModel.GetOrAdd(model, _ => [.. Enumerable.Range(0, Hours).Select(_ => new Slot { Hour = long.MinValue })]);
        lock (ring)
        {
            var slot = ring[(int)(hour % Hours)];
            if (slot.Hour != hour) (slot.Hour, slot.Win, slot.Tie, slot.Loss, slot.RoutedScore, slot.BaselineScore, slot.LatencySavedSeconds, slot.CostSaved) =
                (hour, 0, 0, 0, 0, 0, 0, 0);
            change(slot);
        }
    }

    private long Hour() => time.GetUtcNow().UtcTicks / TimeSpan.TicksPerHour;

    private sealed class Slot
    {
        public long Hour;
        public long Win, Tie, Loss;
        public double RoutedScore, BaselineScore, LatencySavedSeconds, CostSaved;
    }

    /// <summary>
    /// One model in one hour: pairs and their outcomes, the routed side's score sum over the baseline's (null with no scored
    /// pair), the latency saved per pair in milliseconds, and the cost saved in all.
    /// </summary>
    public sealed record Row(DateTimeOffset Hour, string Model, long Pairs, long Win, long Tie, long Loss, double? ScoreRatio,
        double? LatencySavedMs, double CostSaved);
}
