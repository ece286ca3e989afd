using System.Globalization;
using SemanticRouter.Recording;

namespace SemanticRouter.Training;

/// <summary>What was recorded for one model's answers to one question (averaged when asked more than once).</summary>
public sealed record Observation(double Score, double LatencyMs, double Cost, int Count);

/// <summary>One distinct question and every model's recorded answers to it.</summary>
public sealed record QuestionRecord(string Question, Dictionary<string, Observation> ByModel, DateTimeOffset Last);

/// <summary>
/// The recorded flywheel as training data, read with DuckDB from every Parquet file under a data directory:
/// scored answers (score ≥ 0, a 2xx status, no error) and clients' ratings of answers, grouped by question and model.
/// </summary>
public sealed class FlywheelDataset
{
    public required IReadOnlyList<QuestionRecord> Questions { get; init; }
    public required long Rows { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }

    public IEnumerable<string> Models => Questions.SelectMany(q => q.ByModel.Keys).Distinct().Order(StringComparer.Ordinal);

    public int RowsFor(string model) => Questions.Where(q => q.ByModel.ContainsKey(model)).Sum(q => q.ByModel[model].Count);

    /// <param name="feedbackWeight">What one client rating (a <c>feedback</c> row) weighs in an answer's mean score against one evaluate score (0: ratings are left out).</param>
    public static FlywheelDataset Load(string dataDir, double feedbackWeight = 1)
    {
        var weight = $"CASE WHEN mode = 'feedback' THEN {feedbackWeight.ToString("R", CultureInfo.InvariantCulture)} ELSE 1 END";
        // A feedback row carries the latency and cost of the answer it rates: those come from the answer's own rows when there are any.
        var table = FlywheelSql.Query(dataDir, $"""
            SELECT question, model, sum({weight} * score) / sum({weight}) AS score,
                   coalesce(avg(latency_ms) FILTER (WHERE mode <> 'feedback'), avg(latency_ms)) AS latency_ms,
                   coalesce(avg(cost) FILTER (WHERE mode <> 'feedback'), avg(cost)) AS cost, count(*) AS n,
                   epoch_ms(min(ts)) AS first_ms, epoch_ms(max(ts)) AS last_ms
            FROM ROWS
            WHERE score >= 0 AND status BETWEEN 200 AND 299 AND error IS NULL AND {weight} > 0
            GROUP BY question, model
            ORDER BY question, model
            """);
        var byQuestion = new Dictionary<string, QuestionRecord>(StringComparer.Ordinal);
        long rows = 0, first = long.MaxValue, last = long.MinValue;
        for (var i = 0; i < table.RowCount; i++)
        {
            var question = table[i, 0]!;
            var observation = new Observation(Number(table[i, 2]), Number(table[i, 3]), Number(table[i, 4]), (int)Number(table[i, 5]));
            var lastMs = (long)Number(table[i, 7]);
            rows += observation.Count;
            first = Math.Min(first, (long)Number(table[i, 6]));
            last = Math.Max(last, lastMs);
            if (!byQuestion.TryGetValue(question, out var record))
                byQuestion[question] = record = new QuestionRecord(question, new Dictionary<string, Observation>(StringComparer.Ordinal), DateTimeOffset.MinValue);
            record.ByModel[table[i, 1]!] = observation;
            if (lastMs > record.Last.ToUnixTimeMilliseconds()) byQuestion[question] = record with { Last = DateTimeOffset.FromUnixTimeMilliseconds(lastMs) };
        }
        return new FlywheelDataset
        {
            Questions = byQuestion.Values.ToList(),
            Rows = rows,
            From = rows > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(first) : null,
            To = rows > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(last) : null,
        };
    }

    private static double Number(string? text) => text is null ? 0 : double.Parse(text, CultureInfo.InvariantCulture);
}
