using System.CommandLine;
using System.CommandLine.Parsing;
using SemanticRouter.Benchmarks.Perf;

namespace SemanticRouter.Cli.Commands;

/// <summary>
/// <c>semrouter perf</c>: what the gateway adds to a request, next to a plain reverse proxy (nginx). The same
/// requests go directly to the mock, through nginx and through the gateway; writes <c>perf.json</c> and
/// <c>report.md</c> (default <c>eval/perf/</c>).
/// </summary>
internal static class PerfCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Where to write perf.json and report.md.", DefaultValueFactory = _ => "eval/perf" };
        var duration = new Option<int>("--duration") { Description = "Seconds measured per cell.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of warm-up before each cell.", DefaultValueFactory = _ => 5 };
        var connections = new Option<int>("--connections") { Description = "Connections for the throughput cells.", DefaultValueFactory = _ => 32 };
        var flywheel = new Option<string>("--flywheel") { Description = "Run the gateway with its flywheel (recording, scoring, shadowing) on or off.", DefaultValueFactory = _ => "on" };
        flywheel.AcceptOnlyFromAmong("on", "off");
        var questions = new Option<int>("--questions") { Description = "How many verify questions to send (in turn).", DefaultValueFactory = _ => 455 };
        var kinds = new Option<string[]>("--kinds")
        {
            Description = "Request kinds to measure (default all): explicit, routed, explicit-stream, routed-stream.",
            AllowMultipleArgumentsPerToken = true,
        };
        var rounds = new Option<int>("--rounds")
        {
            Description = "Measure each kind's cells this many times, every target in turn per round; targets are judged on the median.",
            DefaultValueFactory = _ => 1,
        };
        var maxSteal = new Option<double>("--max-steal")
        {
            Description = "Percent of the cores' time the hypervisor may hold back (steal) during a round's cells for the round to be judged; "
                + "a round above it is measured again, at most --rounds more times. 100: judge every round.",
            DefaultValueFactory = _ => 2,
        };
        var gatewayEnv = new Option<string[]>("--gateway-env")
        {
            Description = "NAME=VALUE set for the gateway process only (runtime knobs such as DOTNET_GCgen0size); repeatable. The report lists them.",
        };
        gatewayEnv.Validators.Add(r =>
        {
            foreach (var v in r.GetValueOrDefault<string[]>() ?? [])
                if (v.IndexOf('=') < 1) r.AddError($"--gateway-env wants NAME=VALUE, got '{v}'.");
        });
        kinds.AcceptOnlyFromAmong([.. RequestKind.All.Select(k => k.Name)]);
        duration.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--duration must be at least 1."); });
        warmup.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--warmup must be >= 0."); });
        connections.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 2) r.AddError("--connections must be at least 2."); });
        questions.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--questions must be at least 1."); });
        rounds.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--rounds must be at least 1."); });
        maxSteal.Validators.Add(r => { if (r.GetValueOrDefault<double>() is < 0 or > 100) r.AddError("--max-steal is a percent, 0 to 100."); });

        var command = new Command("perf", "Measure the latency the gateway adds and its throughput against direct calls and nginx; writes eval/perf/.")
        {
            output, duration, warmup, connections, flywheel, questions, kinds, rounds, maxSteal, gatewayEnv,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!PerfRunner.WrkInstalled)
            {
                Console.Error.WriteLine("perf: wrk is not installed (apt-get install wrk); it is the load generator.");
                return 2;
            }
            var settings = new PerfSettings(parse.GetValue(duration), parse.GetValue(warmup), parse.GetValue(connections),
                parse.GetValue(flywheel) == "on", parse.GetValue(questions))
            {
                Kinds = parse.GetValue(kinds) is { Length: > 0 } names ? [.. names.Distinct().Select(n => RequestKind.Find(n)!)] : RequestKind.All,
                Rounds = parse.GetValue(rounds),
                MaxStolenShare = parse.GetValue(maxSteal) / 100,
                GatewayEnvironment = parse.GetValue(gatewayEnv) ?? [],
            };
            var run = await PerfRunner.RunAsync(settings, Console.WriteLine, ct);
            var outDir = parse.GetValue(output)!;
            await PerfReport.WriteAsync(outDir, run, string.Join(' ', ["./semrouter perf", .. parse.Tokens.Where(t => t.Type != TokenType.Command).Select(t => t.Value)]));
            foreach (var target in PerfReport.Targets(PerfReport.WithAdded(run.Cells), settings.MaxStolenShare))
                Console.WriteLine($"{target.Name}: {target.Value?.ToString("0.##") ?? "not measured"} {target.Unit} (limit {target.Limit}): {(target.Met switch { true => "met", false => "NOT met", null => "not measured" })}");
            Console.WriteLine($"wrote {Path.Combine(outDir, "perf.json")} and report.md");
            return 0;
        });
        return command;
    }
}
