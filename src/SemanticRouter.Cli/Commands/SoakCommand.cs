using System.CommandLine;
using System.CommandLine.Parsing;
using SemanticRouter.Benchmarks.Soak;

namespace SemanticRouter.Cli.Commands;

/// <summary><c>semrouter soak</c>: a bounded steady load with the flywheel on; resident memory and errors over time.</summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Where to write soak.json, rss.svg and report.md.", DefaultValueFactory = _ => "eval/soak" };
        var minutes = new Option<double>("--minutes") { Description = "How long the load runs.", DefaultValueFactory = _ => 10 };
        var rate = new Option<double>("--rate") { Description = "Requests per second.", DefaultValueFactory = _ => 50 };
        var warmup = new Option<double>("--warmup-minutes") { Description = "Minutes before memory must stay flat.", DefaultValueFactory = _ => 2 };
        var latencyScale = new Option<double>("--latency-scale") { Description = "The mock's simulated latency scale.", DefaultValueFactory = _ => 0.05 };
        var sample = new Option<int>("--sample-seconds") { Description = "How often memory and latency are sampled.", DefaultValueFactory = _ => 5 };
        var command = new Command("soak", "Run a steady load against the gateway (flywheel on) and record its resident memory and errors; writes eval/soak/.")
        {
            output, minutes, rate, warmup, latencyScale, sample,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new SoakSettings(parse.GetValue(minutes), parse.GetValue(rate), parse.GetValue(warmup), parse.GetValue(latencyScale), parse.GetValue(sample));
            if (settings.Minutes <= settings.WarmupMinutes || settings.Rate <= 0 || settings.SampleSeconds < 1 || settings.LatencyScale < 0)
            {
                Console.Error.WriteLine("soak: --minutes must be longer than --warmup-minutes, --rate positive, --sample-seconds at least 1, --latency-scale >= 0.");
                return 2;
            }
            var run = await SoakRunner.RunAsync(settings, Console.WriteLine, ct);
            var outDir = parse.GetValue(output)!;
            await SoakReport.WriteAsync(outDir, run, string.Join(' ', ["./semrouter soak", .. parse.Tokens.Where(t => t.Type != TokenType.Command).Select(t => t.Value)]));
            var flat = run.RssSpread <= SoakReport.FlatLimit;
            Console.WriteLine($"soak: {run.Completed} answered, {run.Errors} errors; memory after warm-up {run.RssMinMiB:0.0}–{run.RssMaxMiB:0.0} MiB ({run.RssSpread:P1}, {(flat ? "flat" : "NOT flat")}); wrote {outDir}/report.md");
            return run.Errors == 0 && flat ? 0 : 1;
        });
        return command;
    }
}
