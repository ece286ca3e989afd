using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SemanticRouter.Contracts;
using SemanticRouter.Mock;
using Spectre.Console;

namespace SemanticRouter.Benchmarks;

/// <summary>
/// Sends every question through the gateway without a model (as the challenge's verification did), measures the
/// end-to-end latency at the client, and scores each answer with the evaluate endpoint, or with a scorer in this
/// process when one is given (the demo's LLM-judge round scores with the mock's own function, so that no
/// <c>/v1/evaluate</c> call is made). A failed request scores 0.
/// </summary>
public static class BenchRunner
{
    public static async Task<List<QuestionResult>> RunAsync(Uri gateway, Uri evaluate, IReadOnlyList<QuestionItem> questions,
        Func<string, string?> domainOf, int concurrency, CancellationToken ct, Func<string, string, double>? scorer = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(2) };
        var results = new QuestionResult[questions.Count];
        await AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("benchmarking", maxValue: questions.Count);
                await Parallel.ForEachAsync(Enumerable.Range(0, questions.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (i, token) =>
                    {
                        results[i] = await AskAsync(http, evaluate, scorer, questions[i], domainOf(questions[i].Question), token);
                        task.Increment(1);
                    });
            });
        return [.. results];
    }

    /// <summary>
    /// One benchmark of the router (<c>bench</c>, and each of the demo's): every question through the gateway, the
    /// summary next to <paramref name="baselines"/>, and its files written to <paramref name="outDir"/>.
    /// </summary>
    public static async Task<JsonObject> RunAndReportAsync(Uri gateway, Uri evaluate, IReadOnlyList<QuestionItem> questions, QuestionSet labels,
        World world, IReadOnlyDictionary<string, BaselineResult> baselines, int concurrency, string command, string outDir, CancellationToken ct,
        Func<string, string, double>? scorer = null)
    {
        var results = await RunAsync(gateway, evaluate, questions, q => labels.Find(q)?.Domain, concurrency, ct, scorer);
        var summary = BenchReport.Summary(results, baselines, model => world.Find(model)?.Size is "max" or "32b", command);
        await BenchReport.WriteAsync(outDir, summary, results);
        return summary;
    }

    private static async Task<QuestionResult> AskAsync(HttpClient http, Uri evaluate, Func<string, string, double>? scorer, QuestionItem question,
        string? domain, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.PostAsJsonAsync("/v1/chat/completions",
                new { messages = new[] { new { role = "user", content = question.Question } } }, ct);
            var completion = response.IsSuccessStatusCode
                ? await response.Content.ReadFromJsonAsync(ContractsJson.Context.ChatCompletion, ct)
                : null;
            var latency = clock.Elapsed.TotalMilliseconds;
            var answer = completion?.Choices.FirstOrDefault()?.Message.Content;
            if (answer is null) return new QuestionResult(question.Id, question.Question, domain, null, 0, latency, true);
            var model = response.Headers.TryGetValues("x-semantic-router-model", out var values) ? values.First() : completion!.Model;
            var score = scorer?.Invoke(question.Question, answer) ?? await EvaluateAsync(http, evaluate, question.Question, answer, ct);
            return new QuestionResult(question.Id, question.Question, domain, model, Math.Max(0, score), latency, false);
        }
        catch (HttpRequestException)
        {
            return new QuestionResult(question.Id, question.Question, domain, null, 0, clock.Elapsed.TotalMilliseconds, true);
        }
    }

    private static async Task<double> EvaluateAsync(HttpClient http, Uri evaluate, string question, string answer, CancellationToken ct)
    {
        using var scored = await http.PostAsJsonAsync(evaluate, new EvaluateRequest(question, answer), ContractsJson.Context.EvaluateRequest, ct);
        return (await scored.Content.ReadFromJsonAsync(ContractsJson.Context.EvaluateResponse, ct))?.Score ?? 0;
    }
}
