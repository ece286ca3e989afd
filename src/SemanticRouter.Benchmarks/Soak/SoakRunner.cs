using System.Diagnostics;
using System.Net.Http.Headers;
using SemanticRouter.Benchmarks.Perf;
using SemanticRouter.Mock;

namespace SemanticRouter.Benchmarks.Soak;

public sealed record SoakSettings(double Minutes, double Rate, double WarmupMinutes, double LatencyScale, int SampleSeconds);

/// <summary>One sample: the gateway's resident memory and what the load saw since the previous sample.</summary>
public sealed record SoakSample(double Seconds, double RssMiB, long Sent, long Completed, long Errors, double P50Ms, double P99Ms);

public sealed record SoakRun(SoakSettings Settings, string Machine, DateTimeOffset Started, DateTimeOffset Ended, IReadOnlyList<SoakSample> Samples,
    IReadOnlyDictionary<string, long> ErrorsByKind)
{
    private IEnumerable<SoakSample> AfterWarmup => Samples.Where(s => s.Seconds >= Settings.WarmupMinutes * 60);
    public double RssMinMiB => AfterWarmup.Min(s => s.RssMiB);
    public double RssMaxMiB => AfterWarmup.Max(s => s.RssMiB);

    /// <summary>How far resident memory moved after warm-up: (max − min) ÷ min.</summary>
    public double RssSpread => (RssMaxMiB - RssMinMiB) / RssMinMiB;
    public long Errors => Samples.Sum(s => s.Errors);
    public long Completed => Samples.Sum(s => s.Completed);
}

/// <summary>
/// A bounded load at a steady rate (open loop: requests leave on schedule whether or not earlier ones have
/// answered) against a child <c>semrouter serve</c> with its flywheel on, in front of the mock in this process.
/// Every few seconds it reads the gateway's resident memory from <c>/proc</c>. The mix: routed, explicit and
/// streaming requests over the verify questions.
/// </summary>
public static class SoakRunner
{
    public static async Task<SoakRun> RunAsync(SoakSettings settings, Action<string> progress, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var temp = Directory.CreateTempSubdirectory("semrouter-soak-").FullName;
        try
        {
            await using var mock = MockServer.Build(new MockOptions
            {
                World = EmbeddedData.World("default"), Questions = EmbeddedData.Questions("all"), LatencyScale = settings.LatencyScale,
            }, "http://127.0.0.1:0");
            await mock.StartAsync(ct);
            await using var gateway = await GatewayProcess.StartAsync(new Uri(mock.Urls.First()), Path.Combine(temp, "data"), flywheel: true, environment: [],
                logPath: Path.Combine(temp, "gateway.log"), ct: ct);
            var load = new SteadyLoad(gateway.Url, Bodies(), settings.Rate);
            var samples = new List<SoakSample>();
            var clock = Stopwatch.StartNew();
            var running = load.RunAsync(TimeSpan.FromMinutes(settings.Minutes), ct);
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.SampleSeconds));
            while (!running.IsCompleted && await timer.WaitForNextTickAsync(ct))
            {
                var window = load.TakeWindow();
                var latencies = window.LatenciesMs.Order().ToList();
                var sample = new SoakSample(Math.Round(clock.Elapsed.TotalSeconds, 1), ResidentMiB(gateway.ProcessId), window.Sent, latencies.Count,
                    window.Errors, Math.Round(Percentiles.Of(latencies, 50), 2), Math.Round(Percentiles.Of(latencies, 99), 2));
                samples.Add(sample);
                progress($"{sample.Seconds,6:0} s  rss {sample.RssMiB,7:0.0} MiB  sent {sample.Sent,5}  answered {sample.Completed,5}  errors {sample.Errors}  p50 {sample.P50Ms:0.0} ms  p99 {sample.P99Ms:0.0} ms");
            }
            await running;
            return new SoakRun(settings, BenchMachine.Description, started, DateTimeOffset.UtcNow, samples, load.ErrorsByKind);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Resident set size from <c>/proc/PID/status</c> (VmRSS, kB).</summary>
    public static double ResidentMiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return Math.Round(long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) / 1024.0, 1);
        throw new InvalidOperationException($"no VmRSS in /proc/{pid}/status");
    }

    private static IReadOnlyList<byte[]> Bodies()
    {
        var questions = EmbeddedData.Questions("verify").Items;
        // Six in ten routed, three explicit, one streamed, over every verify question in turn.
        return questions.Select((q, i) => (i % 10) switch
        {
            < 6 => PerfRequests.Body(q.Question, "auto", stream: false),
            < 9 => PerfRequests.Body(q.Question, PerfRequests.ExplicitModel, stream: false),
            _ => PerfRequests.Body(q.Question, "auto", stream: true),
        }).ToList();
    }
}
