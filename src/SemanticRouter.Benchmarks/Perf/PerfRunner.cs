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
    private const string PerRequest = "per request";

    /// <summary>wrk is required (the load generator); nginx is not (without it the reference cells are skipped).</summary>
    public static bool WrkInstalled => Wrk.Find() is not null;

    public static async Task<PerfRun> RunAsync(PerfSettings settings, Action<string> progress, CancellationToken ct)
    {
        var wrk = Wrk.Find() ?? throw new InvalidOperationException("wrk is not installed (apt-get install wrk).");
        var nginx = NginxProxy.Find();
        var started = DateTimeOffset.UtcNow;
        var loadAverage = LoadAverage();
        var cpuStart = MachineLoad.Take();
        var notes = new List<string>();
        var temp = Directory.CreateTempSubdirectory("semrouter-perf-").FullName;
        IReadOnlyList<PerfCell> cells;
        try
        {
            cells = await MeasureAsync(wrk, nginx, settings, temp, notes, progress, ct);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
        var cpuEnd = MachineLoad.Take(); // every child has exited
        var environment = new PerfEnvironment(BenchMachine.Description, CpuModel(),
            Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1), loadAverage,
            MachineLoad.OtherCores(cpuStart, cpuEnd) is { } other ? Math.Round(other, 2) : null,
            await Wrk.VersionAsync(wrk), nginx is null ? null : await NginxProxy.VersionAsync(nginx), [.. GatewayProcess.InheritedSettings(), .. settings.GatewayEnvironment],
            started, DateTimeOffset.UtcNow)
        {
            StolenCpuShare = MachineLoad.StolenShare(cpuStart, cpuEnd) is { } stolen ? Math.Round(stolen, 3) : null,
        };
        return new PerfRun(settings, environment, cells, notes);
    }

    private static async Task<IReadOnlyList<PerfCell>> MeasureAsync(string wrk, string? nginx, PerfSettings settings, string temp,
        List<string> notes, Action<string> progress, CancellationToken ct)
    {
        await using var mock = MockServer.Build(new MockOptions
        {
            World = EmbeddedData.World("default"), Questions = EmbeddedData.Questions("all"), LatencyScale = 0,
        }, "http://127.0.0.1:0");
        await mock.StartAsync(ct);
        var mockUrl = new Uri(mock.Urls.First());
        await using var gateway = await GatewayProcess.StartAsync(mockUrl, Path.Combine(temp, "data"), settings.Flywheel,
            settings.GatewayEnvironment, Path.Combine(temp, "gateway.log"), ct);
        await using var proxy = nginx is null ? null
            : await NginxProxy.StartAsync(nginx, Directory.CreateDirectory(Path.Combine(temp, "nginx")).FullName, mockUrl, ct);
        if (proxy is null) notes.Add("nginx is not installed (apt-get install nginx-light): the reference cells were skipped.");

        var questions = EmbeddedData.Questions("verify").Items.Take(settings.Questions).Select(q => q.Question).ToList();
        progress($"routing {questions.Count} questions once through the gateway to learn the models it chooses...");
        var routedModels = await gateway.RoutedModelsAsync(PerfRequests.Bodies(questions, RequestKind.Routed, null), ct);
        var targets = new List<Target> { new(Direct, mockUrl, routedModels) };
        if (proxy is not null) targets.Add(new(Nginx, proxy.Url, routedModels));
        targets.Add(new(Gateway, gateway.Url, null));

        var plan = settings.Kinds.Select(kind => (kind, Connections: 1))
            .Concat(settings.Kinds.Where(kind => !kind.IsStream).Select(kind => (kind, settings.Connections)));
        var cells = new List<PerfCell>();
        foreach (var (kind, connections) in plan)
        {
            var loads = targets.ToDictionary(t => t.Name, t => Load(wrk, t, kind, connections, PerfRequests.Bodies(questions, kind, t.RoutedModels), temp));
            var calm = 0;
            for (var round = 1; ; round++)
            {
                foreach (var target in targets)
                {
                    var load = loads[target.Name];
                    if (round == 1 && settings.WarmupSeconds > 0) await load(settings.WarmupSeconds, ct);
                    var droppedBefore = target.Name == Gateway ? await gateway.ShadowDroppedAsync(ct) : 0;
                    var cpuBefore = target.Name == Gateway ? MachineLoad.ProcessCpuUs(gateway.ProcessId) : null;
                    var machineBefore = MachineLoad.Take();
                    var m = await load(settings.DurationSeconds, ct);
                    var stolen = MachineLoad.StolenShare(machineBefore, MachineLoad.Take());
                    var cpu = cpuBefore is null ? null : MachineLoad.ProcessCpuUs(gateway.ProcessId) - cpuBefore;
                    cells.Add(new PerfCell(target.Name, kind.Name, kind.IsRouted, kind.IsStream, connections, m.Tool, m.LatencyMethod, m.Requests,
                        Math.Round(m.DurationS, 3), Math.Round(m.Requests / m.DurationS, 1), Math.Round(m.P50Us), Math.Round(m.P99Us), Math.Round(m.MaxUs),
                        Round(m.TtfbP50Us), Round(m.TtfbP99Us), Round(m.WrkP50Us), Round(m.WrkP99Us), m.Errors,
                        target.Name == Gateway ? await gateway.ShadowDroppedAsync(ct) - droppedBefore : null)
                    {
                        GatewayCpuUsPerRequest = cpu is { } used && m.Requests > 0 ? Math.Round(used / m.Requests, 1) : null,
                        Round = round,
                        StolenCpuShare = Round4(stolen),
                    });
                    progress(Describe(cells[^1], settings.Rounds));
                }
                var wasCalm = PerfReport.Calm(PerfReport.InRound(cells, kind.Name, connections, round), settings.MaxStolenShare);
                if (wasCalm) calm++;
                if (!MeasureAnother(round, calm, settings.Rounds)) break;
                if (!wasCalm) progress($"round {round}: steal above {settings.MaxStolenShare:P0} in a cell; measuring another round in its place");
            }
        }
        return cells;
    }

    /// <summary>
    /// Whether to measure another round after <paramref name="round"/>: until <paramref name="rounds"/> were calm,
    /// at most <paramref name="rounds"/> extra (a host stolen from throughout must not keep the run going forever).
    /// </summary>
    public static bool MeasureAnother(int round, int calm, int rounds) => calm < rounds && round < 2 * rounds;

    /// <summary>A target and, for the mock and nginx, the model the gateway chose for each routed question.</summary>
    private sealed record Target(string Name, Uri Url, IReadOnlyList<string>? RoutedModels);

    /// <summary>What one load generator run measured.</summary>
    private sealed record Measured(string Tool, string LatencyMethod, long Requests, double DurationS, double P50Us, double P99Us, double MaxUs,
        double? TtfbP50Us, double? TtfbP99Us, double? WrkP50Us, double? WrkP99Us, long Errors);

    private static double? Round(double? value) => value is { } v ? Math.Round(v) : null;

    private static double? Round4(double? value) => value is { } v ? Math.Round(v, 4) : null;

    /// <summary>
    /// Load for a number of seconds, the same for the warm-up and the measurement: wrk for whole responses, and for
    /// streams <c>semrouter perf-client</c> in its own process.
    /// </summary>
    private static Func<int, CancellationToken, Task<Measured>> Load(string wrk, Target target, RequestKind kind, int connections,
        IReadOnlyList<byte[]> bodies, string temp)
    {
        var url = new Uri(target.Url, PerfRequests.Path);
        var file = Path.Combine(temp, $"{target.Name}-{kind.Name}-{connections}");
        if (kind.IsStream)
        {
            PerfRequests.WriteLines(file + ".jsonl", bodies);
            return async (seconds, ct) =>
            {
                var info = ChildProcess.Semrouter(["perf-client", "--url", url.ToString(), "--bodies", file + ".jsonl",
                    "--connections", connections.ToString(CultureInfo.InvariantCulture), "--duration", seconds.ToString(CultureInfo.InvariantCulture)]);
                var (exit, output, errors) = await ChildProcess.RunAsync(info, ct);
                if (exit != 0) throw new InvalidOperationException($"perf-client exited with {exit}: {errors}{output}");
                var r = PerfClient.Parse(output);
                return new Measured("perf-client", PerRequest, r.Requests, r.DurationSeconds, r.P50Us, r.P99Us, r.MaxUs, r.TtfbP50Us, r.TtfbP99Us,
                    null, null, r.Errors);
            };
        }
        File.WriteAllText(file + ".lua", Wrk.Script(bodies, PerfRequests.Path, timeEachRequest: Wrk.Threads(connections) == connections));
        return async (seconds, ct) =>
        {
            var r = await Wrk.RunAsync(wrk, url, file + ".lua", connections, seconds, ct);
            return new Measured("wrk", r.PerRequest ? PerRequest : "wrk histogram (corrected for coordinated omission)", r.Requests,
                r.DurationSeconds, r.P50Us, r.P99Us, r.MaxUs, null, null, r.WrkP50Us, r.WrkP99Us, r.Errors);
        };
    }

    private static string Describe(PerfCell c, int rounds)
    {
        var round = rounds > 1 || c.Round > 1 ? $"  (round {c.Round})" : "";
        var steal = c.StolenCpuShare is { } stolen ? FormattableString.Invariant($"  steal {stolen:P1}") : "";
        var ttfb = c.TtfbP50Us is { } t50 ? FormattableString.Invariant($"  ttfb p50 {t50,6:F0} µs  p99 {c.TtfbP99Us,6:F0} µs") : "";
        var dropped = c.ShadowDropped is > 0 ? $"  {c.ShadowDropped} shadow work dropped" : "";
        var cpu = c.GatewayCpuUsPerRequest is { } us ? FormattableString.Invariant($"  gateway cpu {us:F0} µs/request") : "";
        return FormattableString.Invariant($"{c.Target,-8} {c.Kind,-16} x{c.Connections,-3} p50 {c.P50Us,7:F0} µs  p99 {c.P99Us,7:F0} µs{ttfb}  {c.Rps,8:F0} req/s  {c.Errors} errors{dropped}{cpu}{steal}{round}");
    }

    private static string? CpuModel() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;

    /// <summary>The 1, 5 and 15 minute load averages: whether something else was running on the machine.</summary>
    private static string? LoadAverage() => File.Exists("/proc/loadavg")
        ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : null;
}
