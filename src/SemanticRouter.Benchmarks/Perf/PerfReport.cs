using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SemanticRouter.Benchmarks.Perf;

/// <summary>
/// What the perf cells mean: each target's latency added to the direct one (a difference of percentiles), the
/// throughput ratios, the issue's targets and whether they are met; written as <c>perf.json</c> and <c>report.md</c>.
/// </summary>
public static class PerfReport
{
    /// <summary>One of the issue's targets: lower is better for added latency, higher for a throughput ratio.</summary>
    public sealed record TargetCheck(string Name, double? Value, string Unit, double Limit, double? Stretch, bool HigherIsBetter)
    {
        /// <summary>The rounds the value is the median of, and how many were measured.</summary>
        public (int Judged, int Measured) Rounds { get; init; }

        public bool? Met => Value is { } v ? HigherIsBetter ? v >= Limit : v <= Limit : null;
        public bool? StretchMet => Value is { } v && Stretch is { } s ? HigherIsBetter ? v >= s : v <= s : null;
    }

    public sealed record Ratios(int Connections, double? GatewayOverNginx, double? GatewayOverDirect, double? NginxOverDirect);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // a cell where no request succeeded has NaN percentiles
    };

    /// <summary>Every nginx and gateway cell with its figures minus the direct cell's of the same kind, connections and round.</summary>
    public static IReadOnlyList<PerfCell> WithAdded(IReadOnlyList<PerfCell> cells) => cells.Select(cell =>
    {
        if (cell.Target == "direct" || Find(cells, "direct", cell.Kind, cell.Connections, cell.Round) is not { } direct) return cell;
        return cell with
        {
            AddedP50Us = cell.P50Us - direct.P50Us, AddedP99Us = cell.P99Us - direct.P99Us,
            AddedTtfbP50Us = cell.TtfbP50Us - direct.TtfbP50Us, AddedTtfbP99Us = cell.TtfbP99Us - direct.TtfbP99Us,
        };
    }).ToList();

    /// <summary>Whether no cell of a round had more steal than <paramref name="maxStolenShare"/> (unknown steal is calm).</summary>
    public static bool Calm(IEnumerable<PerfCell> round, double maxStolenShare) =>
        round.All(c => c.StolenCpuShare is not { } stolen || stolen <= maxStolenShare);

    /// <summary>
    /// The rounds a kind at a number of connections is judged on: the calm ones (see <see cref="PerfSettings.MaxStolenShare"/>),
    /// or every round when none was calm (the report then says the host was busy throughout).
    /// </summary>
    public static IReadOnlyList<int> JudgedRounds(IReadOnlyList<PerfCell> cells, string kind, int connections, double maxStolenShare)
    {
        var measured = MeasuredRounds(cells, kind, connections);
        var calm = measured.Where(round => Calm(InRound(cells, kind, connections, round), maxStolenShare)).ToList();
        return calm.Count > 0 ? calm : measured;
    }

    /// <summary>Requests/s ratios for each kind measured at more than one connection: the median of the judged rounds' ratios.</summary>
    public static SortedDictionary<string, Ratios> Throughput(IReadOnlyList<PerfCell> cells, double maxStolenShare = 1)
    {
        var ratios = new SortedDictionary<string, Ratios>(StringComparer.Ordinal);
        foreach (var kind in cells.Where(c => c.Target == "direct" && c.Connections > 1).GroupBy(c => c.Kind))
        {
            var judged = JudgedRounds(cells, kind.Key, kind.First().Connections, maxStolenShare);
            var rounds = kind.Where(direct => judged.Contains(direct.Round)).Select(direct => RoundRatios(cells, direct)).ToList();
            ratios[kind.Key] = new Ratios(kind.First().Connections, Median(rounds.Select(r => r.GatewayOverNginx)),
                Median(rounds.Select(r => r.GatewayOverDirect)), Median(rounds.Select(r => r.NginxOverDirect)));
        }
        return ratios;
    }

    /// <summary>The requests/s ratios of one round, against its direct cell.</summary>
    private static Ratios RoundRatios(IReadOnlyList<PerfCell> cells, PerfCell direct)
    {
        double? Rps(string target) => Find(cells, target, direct.Kind, direct.Connections, direct.Round)?.Rps;
        double? Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? Math.Round(x / y, 3) : null;
        return new Ratios(direct.Connections, Ratio(Rps("gateway"), Rps("nginx")), Ratio(Rps("gateway"), direct.Rps), Ratio(Rps("nginx"), direct.Rps));
    }

    /// <summary>The median of the values present (the mean of the middle two for an even count); null when none is.</summary>
    public static double? Median(IEnumerable<double?> values)
    {
        var sorted = values.OfType<double>().Order().ToList();
        if (sorted.Count == 0) return null;
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The targets of issue [G]: added p99 at one connection, and throughput against nginx.</summary>
    public static IReadOnlyList<TargetCheck> Targets(IReadOnlyList<PerfCell> withAdded, double maxStolenShare = 1)
    {
        // Each round's figure against the direct one of the same round; the median of the judged rounds.
        (int, int) Rounds(string kind, int connections) =>
            (JudgedRounds(withAdded, kind, connections, maxStolenShare).Count, MeasuredRounds(withAdded, kind, connections).Count);
        TargetCheck Latency(string name, string kind, Func<PerfCell, double?> figure, double limit, double? stretch)
        {
            var judged = JudgedRounds(withAdded, kind, 1, maxStolenShare);
            var gateway = withAdded.Where(c => c is { Target: "gateway", Connections: 1 } && c.Kind == kind && judged.Contains(c.Round));
            return new(name, Median(gateway.Select(figure)), "µs", limit, stretch, false) { Rounds = Rounds(kind, 1) };
        }
        var explicitRatio = Throughput(withAdded, maxStolenShare).GetValueOrDefault(RequestKind.Explicit.Name);
        var ratioRounds = explicitRatio is null ? (0, 0) : Rounds(RequestKind.Explicit.Name, explicitRatio.Connections);
        return
        [
            Latency("explicit model: added p99", "explicit", c => c.AddedP99Us, 300, 150),
            Latency("explicit model, streaming: added p99 time to first byte", "explicit-stream", c => c.AddedTtfbP99Us, 300, 150),
            Latency("routed (auto): added p99", "routed", c => c.AddedP99Us, 5000, null),
            Latency("routed (auto), streaming: added p99 time to first byte", "routed-stream", c => c.AddedTtfbP99Us, 5000, null),
            new($"explicit model at {explicitRatio?.Connections} connections: gateway requests/s ÷ nginx requests/s",
                explicitRatio?.GatewayOverNginx, "×", 0.5, 0.8, true) { Rounds = ratioRounds },
        ];
    }

    public static async Task WriteAsync(string outDir, PerfRun run, string command)
    {
        Directory.CreateDirectory(outDir);
        var cells = WithAdded(run.Cells);
        var targets = Targets(cells, run.Settings.MaxStolenShare);
        var throughput = Throughput(cells, run.Settings.MaxStolenShare);
        var json = new
        {
            command,
            date = run.Environment.Started.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            machine = new
            {
                description = run.Environment.Machine, cpu = run.Environment.Cpu, memory_gib = run.Environment.MemoryGib,
                load_average_before = run.Environment.LoadAverageStart, other_processes_cores = run.Environment.OtherProcessesCores,
                stolen_cpu_share = run.Environment.StolenCpuShare,
            },
            settings = new
            {
                duration_s = run.Settings.DurationSeconds, warmup_s = run.Settings.WarmupSeconds, connections = run.Settings.Connections, rounds = run.Settings.Rounds, max_stolen_share = run.Settings.MaxStolenShare,
                questions = run.Settings.Questions, kinds = run.Settings.Kinds.Select(k => k.Name), flywheel = run.Settings.Flywheel ? "on" : "off", retrain = "off",
                gateway = "child process `semrouter serve`", gateway_environment = run.Environment.GatewayEnvironment, mock = "in the perf process, latency scale 0",
                wrk = run.Environment.Wrk, nginx = run.Environment.Nginx, stream_client = "child process `semrouter perf-client` (raw sockets)",
                started = run.Environment.Started, finished = run.Environment.Finished,
            },
            cells,
            throughput,
            targets = targets.Select(t => new { name = t.Name, value = t.Value is { } v ? Math.Round(v, 3) : (double?)null, unit = t.Unit, limit = t.Limit, stretch = t.Stretch, met = t.Met, stretch_met = t.StretchMet, judged_rounds = t.Rounds.Judged, measured_rounds = t.Rounds.Measured }),
            notes = run.Notes,
        };
        await File.WriteAllTextAsync(Path.Combine(outDir, "perf.json"), JsonSerializer.Serialize(json, Json) + "\n");
        await File.WriteAllTextAsync(Path.Combine(outDir, "report.md"), Markdown(run, cells, targets, throughput, command));
    }

    private static string Markdown(PerfRun run, IReadOnlyList<PerfCell> cells, IReadOnlyList<TargetCheck> targets,
        SortedDictionary<string, Ratios> throughput, string command)
    {
        var s = run.Settings;
        var e = run.Environment;
        var md = new StringBuilder().AppendLine("# Gateway overhead against a plain reverse proxy").AppendLine()
            .AppendLine($"Command: `{command}`  ")
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {e.Machine}, {e.Cpu}, {e.MemoryGib} GiB  ")
            .AppendLine(CultureInfo.InvariantCulture, $"Other work on the machine: load average {e.LoadAverageStart ?? "unknown"} (1/5/15 min) before the run; during it, other processes kept {(e.OtherProcessesCores is { } o ? o.ToString("0.00", CultureInfo.InvariantCulture) : "an unknown number of")} cores busy on average{(e.StolenCpuShare is { } stolen ? $", and the hypervisor held back {stolen.ToString("P1", CultureInfo.InvariantCulture)} of the cores' time (steal: other virtual machines on the host)" : "")}  ")
            .AppendLine(CultureInfo.InvariantCulture, $"Date: {e.Started:yyyy-MM-dd HH:mm} to {e.Finished:HH:mm} UTC").AppendLine()
            .AppendLine("The mock runs in the perf process at latency scale 0, so every microsecond here is overhead, not model time.")
            .AppendLine(CultureInfo.InvariantCulture, $"The gateway runs as a child `semrouter serve` with the flywheel **{(s.Flywheel ? "on" : "off")}**")
            .AppendLine(s.Flywheel
                ? "(default settings: every answer journaled; every routed answer scored and also sent to the baseline model in the background, that answer scored too; a tenth of explicit answers scored, at most 5 a second; retraining off)."
                : "(`Shadow:Enabled=false`: nothing recorded, scored or shadowed; retraining off).");
        if (e.GatewayEnvironment.Count > 0) md.AppendLine($"**Not the defaults**: the gateway ran with `{string.Join("`, `", e.GatewayEnvironment)}`.");
        if (s.Kinds.Count < RequestKind.All.Count) md.AppendLine($"**Only** these request kinds were measured: {string.Join(", ", s.Kinds.Select(k => k.Name))}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Reference: {e.Nginx ?? "nginx (not installed: skipped)"} with `proxy_pass`, upstream keep-alive 64, buffering off.")
            .AppendLine(CultureInfo.InvariantCulture, $"Load: {e.Wrk} for whole responses; `semrouter perf-client` (own process, raw sockets) for streams, timing the first body byte.")
            .AppendLine(CultureInfo.InvariantCulture, $"{s.Questions} verify questions, the same bodies for every target (a routed request is `auto` to the gateway; the mock and nginx get the model the gateway chose for it).")
            .AppendLine(CultureInfo.InvariantCulture, $"Each cell: {s.WarmupSeconds} s warm-up, then {s.DurationSeconds} s measured, closed loop. Added = the target's percentile minus the direct one.")
            .AppendLine(s.Rounds == 1 ? "One round: each target measured once per request kind."
                : $"{s.Rounds} rounds: each request kind's cells measured {s.Rounds} times, every target in turn within a round (warm-up in the first only); added figures and ratios are taken within a round, and the targets below are the median of the judged rounds.")
            .AppendLine(s.MaxStolenShare >= 1 ? "Every round is judged, whatever the hypervisor's steal during it."
                : string.Create(CultureInfo.InvariantCulture, $"A round in which the hypervisor held back more than {s.MaxStolenShare:P0} of the cores' time during one of its cells (steal, other virtual machines on the host) is shown but not judged, and another round is measured in its place (at most {s.Rounds} more); when no round of a kind was calm, all are judged."))
            .AppendLine("At 1 connection every request is timed on its own (in the wrk script, from building the request to the whole answer;")
            .AppendLine("perf-client likewise). wrk's own histogram adds, after the run, samples for the requests a slow answer kept it from")
            .AppendLine("sending (a correction for coordinated omission), which at one connection makes one rare pause weigh like a hundred")
            .AppendLine("slow requests; its p99 is kept in perf.json as `wrk_p99_us`. With 32 connections on two wrk threads requests cannot be")
            .AppendLine("paired with their answers in the script, so those latencies are wrk's histogram.")
            .AppendLine("All of it shares the machine's cores: the load generator, the mock and the proxy under test.").AppendLine()
            .AppendLine("## Targets (issue G)").AppendLine()
            .AppendLine("| target | measured | limit | met | stretch | rounds judged |").AppendLine("|---|---|---|---|---|---|");
        foreach (var t in targets)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {t.Name} | {Format(t.Value, t.Unit)} | {(t.HigherIsBetter ? "≥" : "≤")} {Format(t.Limit, t.Unit)} | {YesNo(t.Met)} | {(t.Stretch is { } st ? $"{Format(st, t.Unit)}: {YesNo(t.StretchMet)}" : "")} | {t.Rounds.Judged} of {t.Rounds.Measured} |");

        md.AppendLine().AppendLine("## Latency at 1 connection, whole response (µs)").AppendLine()
            .AppendLine("| request | direct p50 | direct p99 | nginx p50 | nginx p99 | nginx added p50 / p99 | gateway p50 | gateway p99 | gateway added p50 / p99 | max direct / nginx / gateway | wrk's own p99 direct / nginx / gateway |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var kind in s.Kinds)
            foreach (var round in MeasuredRounds(cells, kind.Name, 1))
            {
                var r = round;
                LatencyRow(md, cells, kind.Name, r, s, c => (c.P50Us, c.P99Us), c => (c.AddedP50Us, c.AddedP99Us),
                    target => Format(Find(cells, target, kind.Name, 1, r)?.MaxUs, ""), target => Format(Find(cells, target, kind.Name, 1, r)?.WrkP99Us, ""));
            }
        md.AppendLine().AppendLine("## Streams at 1 connection, time to first byte (µs)").AppendLine()
            .AppendLine("| request | direct p50 | direct p99 | nginx p50 | nginx p99 | nginx added p50 / p99 | gateway p50 | gateway p99 | gateway added p50 / p99 |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var kind in s.Kinds.Where(k => k.IsStream))
            foreach (var round in MeasuredRounds(cells, kind.Name, 1))
                LatencyRow(md, cells, kind.Name, round, s, c => (c.TtfbP50Us, c.TtfbP99Us), c => (c.AddedTtfbP50Us, c.AddedTtfbP99Us));

        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## Throughput at {s.Connections} connections (requests/s)").AppendLine()
            .AppendLine("| request | direct | nginx | gateway | gateway ÷ nginx | gateway ÷ direct | nginx ÷ direct |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (kind, median) in throughput)
        {
            foreach (var direct in cells.Where(c => c.Target == "direct" && c.Kind == kind && c.Connections == median.Connections))
            {
                string Rps(string target) => Find(cells, target, kind, median.Connections, direct.Round) is { } c ? c.Rps.ToString("F0", CultureInfo.InvariantCulture) : "–";
                var r = RoundRatios(cells, direct);
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {Label(cells, kind, median.Connections, direct.Round, s)} | {Rps("direct")} | {Rps("nginx")} | {Rps("gateway")} | {Format(r.GatewayOverNginx, "×")} | {Format(r.GatewayOverDirect, "×")} | {Format(r.NginxOverDirect, "×")} |");
            }
            if (s.Rounds > 1)
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {kind}, median of the judged rounds | | | | {Format(median.GatewayOverNginx, "×")} | {Format(median.GatewayOverDirect, "×")} | {Format(median.NginxOverDirect, "×")} |");
        }
        if (throughput.ContainsKey(RequestKind.Routed.Name))
            md.AppendLine().AppendLine("For routed requests nginx forwards the model the gateway chose and does no routing: that row shows what the classifier costs in throughput.");

        var cpu = cells.Where(c => c.GatewayCpuUsPerRequest is not null).ToList();
        if (cpu.Count > 0)
        {
            md.AppendLine().AppendLine("## Gateway CPU per request").AppendLine()
                .AppendLine("The gateway process's user + system CPU time during the cell (`/proc/<pid>/stat`) over the requests answered: what a request")
                .AppendLine("costs the gateway in all, background work included (journal, Parquet, scoring and baseline calls), and less noisy than p99.").AppendLine()
                .AppendLine("| request | connections | µs of CPU per request |").AppendLine("|---|---|---|");
            foreach (var c in cpu) md.AppendLine(CultureInfo.InvariantCulture, $"| {Label(cells, c.Kind, c.Connections, c.Round, s)} | {c.Connections} | {c.GatewayCpuUsPerRequest:F0} |");
        }

        var errors = cells.Where(c => c.Errors > 0).ToList();
        md.AppendLine().AppendLine("## Errors").AppendLine()
            .AppendLine(errors.Count == 0 ? "None: every request got a 2xx answer."
                : string.Join("  \n", errors.Select(c => $"{c.Target} {c.Kind} ×{c.Connections}: {c.Errors} of {c.Requests + c.Errors}")));
        var dropped = cells.Where(c => c.ShadowDropped > 0).ToList();
        if (dropped.Count > 0)
            md.AppendLine().AppendLine("Background work the gateway dropped because its shadow queue was full (the client's request is never held up; counted from its log):  ")
                .AppendLine(string.Join("  \n", dropped.Select(c => $"{c.Kind} ×{c.Connections}: {c.ShadowDropped} dropped during {c.Requests} requests")));
        foreach (var note in run.Notes) md.AppendLine().AppendLine(note);
        return md.ToString();
    }

    private static void LatencyRow(StringBuilder md, IReadOnlyList<PerfCell> cells, string kind, int round, PerfSettings settings,
        Func<PerfCell, (double? P50, double? P99)> figures, Func<PerfCell, (double? P50, double? P99)> added,
        params Func<string, string>[] perTarget)
    {
        var direct = Find(cells, "direct", kind, 1, round);
        if (direct is null) return;
        string Cells(string target)
        {
            if (Find(cells, target, kind, 1, round) is not { } c) return "– | – | –";
            var (p50, p99) = figures(c);
            var (a50, a99) = added(c);
            return $"{Format(p50, "")} | {Format(p99, "")} | {Signed(a50)} / {Signed(a99)}";
        }
        var (d50, d99) = figures(direct);
        var extra = string.Concat(perTarget.Select(column => $" {string.Join(" / ", new[] { "direct", "nginx", "gateway" }.Select(column))} |"));
        md.AppendLine(CultureInfo.InvariantCulture, $"| {Label(cells, kind, 1, round, settings)} | {Format(d50, "")} | {Format(d99, "")} | {Cells("nginx")} | {Cells("gateway")} |{extra}");
    }

    /// <summary>A row's name: the kind, and with several rounds the round, its highest steal, and whether it was judged.</summary>
    private static string Label(IReadOnlyList<PerfCell> cells, string kind, int connections, int round, PerfSettings settings)
    {
        var measured = MeasuredRounds(cells, kind, connections);
        if (measured.Count == 1) return kind;
        var steal = InRound(cells, kind, connections, round).Max(c => c.StolenCpuShare);
        var judged = JudgedRounds(cells, kind, connections, settings.MaxStolenShare).Contains(round);
        var note = string.Join(", ", new[] { steal is { } st ? st.ToString("P1", CultureInfo.InvariantCulture) + " steal" : null, judged ? null : "not judged" }.OfType<string>());
        return note.Length > 0 ? $"{kind}, round {round} ({note})" : $"{kind}, round {round}";
    }

    private static IReadOnlyList<int> MeasuredRounds(IReadOnlyList<PerfCell> cells, string kind, int connections) =>
        cells.Where(c => c.Kind == kind && c.Connections == connections).Select(c => c.Round).Distinct().Order().ToList();

    /// <summary>Every target's cell of one round of a kind at a number of connections.</summary>
    public static IEnumerable<PerfCell> InRound(IReadOnlyList<PerfCell> cells, string kind, int connections, int round) =>
        cells.Where(c => c.Kind == kind && c.Connections == connections && c.Round == round);

    private static PerfCell? Find(IReadOnlyList<PerfCell> cells, string target, string kind, int connections, int round = 1) =>
        cells.FirstOrDefault(c => c.Target == target && c.Kind == kind && c.Connections == connections && c.Round == round);

    private static string Format(double? value, string unit) => value switch
    {
        null => "–",
        { } v when unit == "×" => v.ToString("0.00", CultureInfo.InvariantCulture) + " ×",
        { } v => v.ToString("F0", CultureInfo.InvariantCulture) + (unit.Length > 0 ? " " + unit : ""),
    };

    private static string Signed(double? value) => value is { } v ? v.ToString("+0;-0;0", CultureInfo.InvariantCulture) : "–";

    private static string YesNo(bool? met) => met switch { true => "yes", false => "**no**", null => "not measured" };
}
