using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway;
using SemanticRouter.Mock;
using SemanticRouter.Recording;

namespace SemanticRouter.Benchmarks.Flywheel;

/// <summary>
/// <c>semrouter bench-flywheel</c>: what the flywheel costs. (1) Recording throughput: rows journaled and moved
/// to Parquet per second. (2) Client latency at a fixed request rate against the default mock, with the flywheel
/// off, recording without shadow calls, and recording with a baseline shadow call for every routed request.
/// </summary>
public static class FlywheelBenchmark
{
    /// <summary>Recording throughput, then client latency in each configuration; progress lines go to <paramref name="log"/>.</summary>
    public static async Task<FlywheelResult> RunAsync(int rows, int rate, int seconds, Action<string> log, CancellationToken ct)
    {
        var recording = await RecordingThroughputAsync(rows);
        log($"recording: {recording.AckRowsPerSecond:F0} rows/s journaled, {recording.EndToEndRowsPerSecond:F0} rows/s to Parquet, " +
            $"{recording.FlushRowsPerSecond:F0} rows/s in one flush ({recording.Rows} rows)");
        var latency = new Dictionary<string, Percentiles.Summary>();
        foreach (var (name, settings) in Configurations)
        {
            latency[name] = await LatencyAsync(settings, rate, seconds, ct);
            log($"{name}: p50 {latency[name].P50:F1} ms, p99 {latency[name].P99:F1} ms over {latency[name].N} requests");
        }
        return new FlywheelResult(recording, latency, rows, rate, seconds);
    }

    // Routed requests go where the shipped classifier sends them; most are not the baseline (qwen-max), so most get
    // a shadow call in the third configuration.
    private static readonly (string Name, Dictionary<string, string?> Settings)[] Configurations =
    [
        ("flywheel-off", new() { ["Shadow:Enabled"] = "false" }),
        ("recording-no-shadow", new() { ["Shadow:SampleRate"] = "0" }),
        ("recording-with-shadow", new() { ["Shadow:SampleRate"] = "1" }),
    ];

    public sealed record RecordingResult(int Rows, double AckSeconds, double EndToEndSeconds, double FlushSeconds, long ParquetRows)
    {
        public double AckRowsPerSecond => Rows / AckSeconds;
        public double EndToEndRowsPerSecond => Rows / EndToEndSeconds;
        public double FlushRowsPerSecond => Rows / FlushSeconds;
    }

    /// <summary>
    /// Two passes over the same rows: with the periodic flush every second (journaled, then to Parquet by a graceful
    /// stop), and with no periodic flush, timing the one flush that moves every staged row to Parquet.
    /// </summary>
    private static async Task<RecordingResult> RecordingThroughputAsync(int rows)
    {
        var (ack, endToEnd, written, _) = await RecordAsync(rows, flushIntervalSeconds: 1);
        var (_, _, flushed, flush) = await RecordAsync(rows, flushIntervalSeconds: 3600);
        if (flushed != written) throw new InvalidOperationException($"the flush pass wrote {flushed} rows, the first pass {written}");
        return new RecordingResult(rows, ack, endToEnd, flush, written);
    }

    private static async Task<(double Ack, double EndToEnd, long Written, double Flush)> RecordAsync(int rows, double flushIntervalSeconds)
    {
        var dataDir = Directory.CreateTempSubdirectory("semrouter-bench-rec-").FullName;
        try
        {
            var questions = EmbeddedData.Questions("verify").Items;
            var world = EmbeddedData.World("default");
            await using var recorder = new FlywheelRecorder(Options.Create(new RecordingOptions { DataDir = dataDir, FlushIntervalSeconds = flushIntervalSeconds }),
                NullLogger<FlywheelRecorder>.Instance);
            await recorder.StartAsync(default);
            var clock = Stopwatch.StartNew();
            // 16 producers, as request threads would be; each row is a realistic question and answer.
            await Parallel.ForEachAsync(Enumerable.Range(0, rows), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                var q = questions[i % questions.Count];
                var model = world.Models[i % world.Models.Count];
                await recorder.AddAsync(new FlywheelRow
                {
                    RequestId = $"bench-{i / 13}", Ts = DateTimeOffset.UtcNow, Mode = "training", Question = q.Question,
                    Model = model.Id, Answer = MockAnswers.Compose(q.Question, model), LatencyMs = 100 + i % 400,
                    PromptTokens = 40, CompletionTokens = 120, Cost = 0.001, Score = world.Score(q, model),
                    RouterVersion = "bench", ChosenModel = "qwen-max",
                });
            });
            var ack = clock.Elapsed.TotalSeconds;
            var flushClock = Stopwatch.StartNew();
            await recorder.FlushAsync(all: true);
            var flush = flushClock.Elapsed.TotalSeconds;
            await recorder.StopAsync(default); // flushes what the periodic flush has not written yet
            var endToEnd = clock.Elapsed.TotalSeconds;
            return (ack, endToEnd, CountRows(dataDir), flush);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static long CountRows(string dataDir) =>
        long.Parse(FlywheelSql.Query(dataDir, "SELECT count(*) FROM ROWS")[0, 0]!, CultureInfo.InvariantCulture);

    /// <summary>Open-loop load: one request every 1/rate seconds, whatever the previous ones are doing.</summary>
    private static async Task<Percentiles.Summary> LatencyAsync(Dictionary<string, string?> settings, int rate, int seconds, CancellationToken ct)
    {
        var dataDir = Directory.CreateTempSubdirectory("semrouter-bench-lat-").FullName;
        var questions = EmbeddedData.Questions("verify").Items;
        await using var mock = MockServer.Build(new MockOptions { World = EmbeddedData.World("default"), Questions = EmbeddedData.Questions("verify") }, "http://127.0.0.1:0");
        await mock.StartAsync(ct);
        var overrides = new Dictionary<string, string?>(settings)
        {
            ["Gateway:Upstream"] = mock.Urls.First(), ["Gateway:DataDir"] = dataDir, ["Retrain:Enabled"] = "false",
        };
        await using var gateway = GatewayApp.Build("http://127.0.0.1:0", GatewayApp.ReadConfiguration(null, overrides), _ => { });
        await gateway.StartAsync(ct);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 }) { BaseAddress = new Uri(gateway.Urls.First()) };
        var latencies = new ConcurrentBag<double>();
        var total = rate * seconds;
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var start = Stopwatch.StartNew();
        var inFlight = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = interval * i - start.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due, ct);
            var question = questions[i % questions.Count].Question;
            inFlight.Add(Task.Run(async () =>
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.PostAsJsonAsync("/v1/chat/completions",
                    new { messages = new[] { new { role = "user", content = question } } }, ct);
                await response.Content.ReadAsByteArrayAsync(ct);
                if (response.IsSuccessStatusCode) latencies.Add(clock.Elapsed.TotalMilliseconds);
            }, ct));
        }
        await Task.WhenAll(inFlight);
        await gateway.StopAsync(ct);
        Directory.Delete(dataDir, recursive: true);
        return Percentiles.Summarize(latencies);
    }
}

/// <summary>What one <c>bench-flywheel</c> run measured, and with which settings.</summary>
public sealed record FlywheelResult(FlywheelBenchmark.RecordingResult Recording, IReadOnlyDictionary<string, Percentiles.Summary> Latency,
    int Rows, int Rate, int Seconds);
