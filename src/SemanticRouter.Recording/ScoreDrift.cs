namespace SemanticRouter.Recording;

/// <summary>
/// Per-model drift: a model's latest evaluate or judge scores against its own history. A model whose mean over its
/// last <c>recent</c> scores falls more than <c>drop</c> below the mean of the (up to <c>history</c>) scores before
/// them is alarmed, until its recent mean comes back within half that; each new alarm counts once in
/// <see cref="AlarmsRaised"/>, which the retrain triggers watch. A model upstream can change under the same name
/// (a new version, a quantised deployment, an overloaded provider): the router should relearn what it is good for.
/// </summary>
public sealed class ScoreDrift(int recent = 50, int history = 500, double drop = 0.1)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Scores> _models = new(StringComparer.Ordinal);
    private long _alarms;

    /// <summary>False when <c>drop</c> is 0 or less: nothing is watched.</summary>
    public bool Enabled => drop > 0 && recent > 0 && history > 0;

    /// <summary>Alarms raised since start (a model alarmed twice, with a recovery between, counts twice).</summary>
    public long AlarmsRaised => Interlocked.Read(ref _alarms);

    /// <summary>The model of the latest alarm, for the trigger's name.</summary>
    public string? LastAlarmed { get; private set; }

    /// <summary>Takes one score (0..1; the evaluator's refusals are not scores and must not come here).</summary>
    public void Observe(string model, double score)
    {
        if (!Enabled) return;
        lock (_gate)
        {
            if (!_models.TryGetValue(model, out var scores)) _models[model] = scores = new Scores();
            scores.Recent.Enqueue(score);
            scores.RecentSum += score;
            if (scores.Recent.Count > recent)
            {
                var older = scores.Recent.Dequeue();
                scores.RecentSum -= older;
                scores.History.Enqueue(older);
                scores.HistorySum += older;
                if (scores.History.Count > history) scores.HistorySum -= scores.History.Dequeue();
            }
            if (scores.Recent.Count < recent || scores.History.Count < recent) return;
            var fall = scores.HistorySum / scores.History.Count - scores.RecentSum / recent;
            if (!scores.Alarmed && fall > drop)
            {
                scores.Alarmed = true;
                LastAlarmed = model;
                Interlocked.Increment(ref _alarms);
            }
            else if (scores.Alarmed && fall < drop / 2) scores.Alarmed = false;
        }
    }

    /// <summary>Every watched model: its recent and historical mean (NaN until there are enough scores) and whether it is alarmed.</summary>
    public IReadOnlyList<DriftState> Snapshot()
    {
        lock (_gate)
            return _models.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new DriftState(m.Key,
                m.Value.Recent.Count == 0 ? double.NaN : m.Value.RecentSum / m.Value.Recent.Count,
                m.Value.History.Count == 0 ? double.NaN : m.Value.HistorySum / m.Value.History.Count,
                m.Value.Recent.Count + m.Value.History.Count, m.Value.Alarmed)).ToList();
    }

    private sealed class Scores
    {
        public readonly Queue<double> Recent = new();
        public readonly Queue<double> History = new();
        public double RecentSum;
        public double HistorySum;
        public bool Alarmed;
    }
}

public sealed record DriftState(string Model, double RecentMean, double HistoryMean, int Scores, bool Alarmed);
