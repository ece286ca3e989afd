using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Spectre.Console;

namespace SemanticRouter.Benchmarks;

/// <summary>
/// Sends questions through the gateway in training mode, so each is answered by every model, scored and recorded:
/// the flywheel's training data (<c>semrouter collect</c>, and the collect step of the demo and of bench-learning).
/// </summary>
public static class Collector
{
    public static async Task<CollectSummary> CollectAsync(Uri gateway, IReadOnlyList<Contracts.QuestionItem> items, int concurrency, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(2) };
        var summary = new CollectSummary(items.Count);
        await AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("collecting", maxValue: items.Count);
                await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
                    async (item, token) =>
                    {
                        summary.Add(await SendAsync(http, item.Question, token));
                        task.Increment(1);
                    });
            });
        return summary;
    }

    /// <summary>One training-mode request, retried with backoff on connection errors, 429 and 5xx.</summary>
    private static async Task<string?> SendAsync(HttpClient http, string question, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
                {
                    Content = JsonContent.Create(new { messages = new[] { new { role = "user", content = question } } }),
                };
                request.Headers.Add("X-Training-Mode", "true");
                using var response = await http.SendAsync(request, ct);
                if (response.IsSuccessStatusCode)
                    return response.Headers.TryGetValues("x-semantic-router-scores", out var scores) ? scores.First() : "";
                if (attempt >= 3 || !(response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)) return null;
            }
            catch (HttpRequestException) when (attempt < 3)
            {
            }
            catch (HttpRequestException)
            {
                return null;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500 * Math.Pow(2, attempt - 1)), ct);
        }
    }

    /// <summary>What a collect run did: questions, failures, rows the gateway recorded, mean score per model.</summary>
    public sealed class CollectSummary(int questions)
    {
        private readonly ConcurrentDictionary<string, (double Sum, int Count)> _scores = new();
        private int _failures, _rows;

        public int Questions => questions;
        public int Failures => _failures;
        public int Rows => _rows;

        public IReadOnlyDictionary<string, double> MeanScores =>
            _scores.ToDictionary(kv => kv.Key, kv => kv.Value.Sum / kv.Value.Count);

        public void Add(string? scoresHeader)
        {
            if (scoresHeader is null)
            {
                Interlocked.Increment(ref _failures);
                return;
            }
            foreach (var pair in scoresHeader.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                Interlocked.Increment(ref _rows);
                var (model, value) = (pair[..pair.LastIndexOf('=')], pair[(pair.LastIndexOf('=') + 1)..]);
                if (double.TryParse(value, CultureInfo.InvariantCulture, out var score) && score >= 0)
                    _scores.AddOrUpdate(model, (score, 1), (_, s) => (s.Sum + score, s.Count + 1));
            }
        }

        public void Print()
        {
            AnsiConsole.MarkupLine($"questions sent: {Questions}, failures: {Failures}, rows written: {Rows}");
            var table = new Table().AddColumns("model", "mean score");
            foreach (var (model, mean) in MeanScores.OrderByDescending(kv => kv.Value))
                table.AddRow(Markup.Escape(model), mean.ToString("F3", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
        }
    }
}
