using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SemanticRouter.Gateway.Observability;

/// <summary>Evaluate scores by model over a sliding time window; <see cref="Means"/> feeds an observable gauge.</summary>
internal sealed class ScoreWindow(TimeSpan window, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<(DateTimeOffset At, double Score)>> _byModel = new(StringComparer.Ordinal);

    public void Add(string model, double score)
    {
        var queue = _byModel.GetOrAdd(model, _ => new Queue<(DateTimeOffset, double)>());
        lock (queue)
        {
            queue.Enqueue((time.GetUtcNow(), score));
            Prune(queue);
        }
    }

    public IEnumerable<Measurement<double>> Means()
    {
        var result = new List<Measurement<double>>();
        foreach (var (model, queue) in _byModel)
        {
            lock (queue)
            {
                Prune(queue);
                if (queue.Count > 0)
                    result.Add(new Measurement<double>(queue.Average(s => s.Score), new KeyValuePair<string, object?>("model", model)));
            }
        }
        return result;
    }

    private void Prune(Queue<(DateTimeOffset At, double Score)> queue)
    {
        var oldest = time.GetUtcNow() - window;
        while (queue.Count > 0 && queue.Peek().At < oldest) queue.Dequeue();
    }
}
