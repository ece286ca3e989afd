using System.Globalization;
using SemanticRouter.Mock;

namespace SemanticRouter.Benchmarks.Perf;

/// <summary>
/// Measures the same requests sent directly to the mock, through the gateway and through nginx. The mock runs in
/// this process at latency scale 0 (every microsecond measured is overhead, none is simulated model time); the
/// gateway and nginx are child processes, the load generators too (wrk, and <c>semrouter perf-client</c> for
/// streams), so no target shares a runtime with what loads it. Every cell has its own warm-up.
/// </summary>
public static class PerfRunner
{
    private const string Direct = "direct", Nginx = "nginx", Gateway = "gateway";

    /// <summary>wrk is required (the load generator); nginx is not (without it the reference cells are skipped).</summary>
    public static bool WrkInstalled => Wrk.Find() is not null;

    public static async Task<PerfRun> RunAsync(PerfSettings settings, Action<string> progress, CancellationToken ct)
    {
        var wrk = Wrk.Find() ?? throw new InvalidOperationException("wrk is not installed (apt-get install wrk).");
        var nginx = NginxProxy.Find();
        var started = DateTimeOffset.UtcNow;
        var loadStart = LoadAverage();
        var notes = new List<string>();
        var temp = Directory.CreateTempSubdirectory("semrouter-perf-").FullName;
        try
        {
            await using var mock = MockServer.Build(new MockOptions
            {
                World = EmbeddedData.World("default"), Questions = EmbeddedData.Questions("all"), LatencyScale = 0,
            }, "http://127.0.0.1:0");
            await mock.StartAsync(ct);
            var mockUrl = new Uri(mock.Urls.First());
            await using var gateway = await GatewayProcess.StartAsync(mockUrl, Path.Combine(temp, "data"), settings.Flywheel,
                Path.Combine(temp, "gateway.log"), ct);
            await using var proxy = nginx is null ? null
                : await NginxProxy.StartAsync(nginx, Directory.CreateDirectory(Path.Combine(temp, "nginx")).FullName, mockUrl, ct);
            if (proxy is null) notes.Add("nginx is not installed (apt-get install nginx-light): the reference cells were skipped.");

            var questions = EmbeddedData.Questions("verify").Items.Take(settings.Questions).Select(q => q.Question).ToList();
            progress($"routing {questions.Count} questions once through the gateway to learn the models it chooses...");
            var routedModels = await gateway.RoutedModelsAsync(PerfRequests.Bodies(questions, RequestKind.Routed, null), ct);
            var targets = new List<Target> { new(Direct, mockUrl, routedModels) };
            if (proxy is not null) targets.Add(new(Nginx, proxy.Url, routedModels));
            targets.Add(new(Gateway, gateway.Url, null));

            var plan = RequestKind.All.Select(kind => (kind, Connections: 1))
                .Concat(new[] { RequestKind.Explicit, RequestKind.Routed }.Select(kind => (kind, settings.Connections)));
            var cells = new List<PerfCell>();
            foreach (var (kind, connections) in plan)
            {
                foreach (var target in targets)
                {
                    var bodies = PerfRequests.Bodies(questions, kind, target.RoutedModels);
                    var droppedBefore = gateway.ShadowDropped;
                    var cell = kind.IsStream
                        ? await StreamCellAsync(target, kind, connections, bodies, settings, temp, ct)
                        : await WrkCellAsync(wrk, target, kind, connections, bodies, settings, temp, ct);
                    if (target.Name == Gateway) cell = cell with { ShadowDropped = gateway.ShadowDropped - droppedBefore };
                    cells.Add(cell);
                    progress(Describe(cell));
                }
            }
            var environment = new PerfEnvironment(BenchMachine.Description, CpuModel(),
                Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1), loadStart, LoadAverage(),
                await Wrk.VersionAsync(wrk), nginx is null ? null : await NginxProxy.VersionAsync(nginx), GatewayProcess.InheritedSettings(),
                started, DateTimeOffset.UtcNow);
            return new PerfRun(settings, environment, cells, notes);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>A target and, for the mock and nginx, the model the gateway chose for each routed question.</summary>
    private sealed record Target(string Name, Uri Url, IReadOnlyList<string>? RoutedModels);

    private static async Task<PerfCell> WrkCellAsync(string wrk, Target target, RequestKind kind, int connections,
        IReadOnlyList<byte[]> bodies, PerfSettings settings, string temp, CancellationToken ct)
    {
        var script = Path.Combine(temp, $"{target.Name}-{kind.Name}.lua");
        await File.WriteAllTextAsync(script, Wrk.Script(bodies, PerfRequests.Path), ct);
        var url = new Uri(target.Url, PerfRequests.Path);
        if (settings.WarmupSeconds > 0) await Wrk.RunAsync(wrk, url, script, connections, settings.WarmupSeconds, ct);
        var r = await Wrk.RunAsync(wrk, url, script, connections, settings.DurationSeconds, ct);
        return new PerfCell(target.Name, kind.Name, kind.IsRouted, kind.IsStream, connections, "wrk", r.Requests, Math.Round(r.DurationSeconds, 3),
            Math.Round(r.RequestsPerSecond, 1), r.P50Us, r.P99Us, null, null, r.Errors, null);
    }

    private static async Task<PerfCell> StreamCellAsync(Target target, RequestKind kind, int connections,
        IReadOnlyList<byte[]> bodies, PerfSettings settings, string temp, CancellationToken ct)
    {
        var file = Path.Combine(temp, $"{target.Name}-{kind.Name}.jsonl");
        PerfRequests.WriteLines(file, bodies);
        var info = ChildProcess.Semrouter(["perf-client", "--url", new Uri(target.Url, PerfRequests.Path).ToString(), "--bodies", file,
            "--connections", connections.ToString(CultureInfo.InvariantCulture),
            "--warmup", settings.WarmupSeconds.ToString(CultureInfo.InvariantCulture),
            "--duration", settings.DurationSeconds.ToString(CultureInfo.InvariantCulture)]);
        var (exit, output, errors) = await ChildProcess.RunAsync(info, ct);
        if (exit != 0) throw new InvalidOperationException($"perf-client exited with {exit}: {errors}{output}");
        var r = PerfClient.Parse(output);
        return new PerfCell(target.Name, kind.Name, kind.IsRouted, kind.IsStream, connections, "perf-client", r.Requests,
            Math.Round(r.DurationSeconds, 3), Math.Round(r.RequestsPerSecond, 1), Math.Round(r.P50Us), Math.Round(r.P99Us),
            Math.Round(r.TtfbP50Us), Math.Round(r.TtfbP99Us), r.Errors, null);
    }

    private static string Describe(PerfCell c)
    {
        var ttfb = c.TtfbP50Us is { } t50 ? FormattableString.Invariant($"  ttfb p50 {t50,6:F0} µs  p99 {c.TtfbP99Us,6:F0} µs") : "";
        var dropped = c.ShadowDropped is > 0 ? $"  {c.ShadowDropped} shadow work dropped" : "";
        return FormattableString.Invariant($"{c.Target,-8} {c.Kind,-16} x{c.Connections,-3} p50 {c.P50Us,7:F0} µs  p99 {c.P99Us,7:F0} µs{ttfb}  {c.Rps,8:F0} req/s  {c.Errors} errors{dropped}");
    }

    private static string? CpuModel() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;

    /// <summary>The 1, 5 and 15 minute load averages: whether something else was running on the machine.</summary>
    private static string? LoadAverage() => File.Exists("/proc/loadavg")
        ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : null;
}
