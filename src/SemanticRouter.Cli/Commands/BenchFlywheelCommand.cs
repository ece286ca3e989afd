using System.CommandLine;
using SemanticRouter.Benchmarks.Flywheel;

namespace SemanticRouter.Cli.Commands;

/// <summary><c>semrouter bench-flywheel</c>: what the flywheel costs (<see cref="FlywheelBenchmark"/>).</summary>
internal static class BenchFlywheelCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Where to write flywheel.json and report.md.", DefaultValueFactory = _ => "eval/flywheel" };
        var rows = new Option<int>("--rows") { Description = "Rows for the recording benchmark.", DefaultValueFactory = _ => 100_000 };
        var rate = new Option<int>("--rate") { Description = "Requests per second for the latency benchmark.", DefaultValueFactory = _ => 50 };
        var seconds = new Option<int>("--seconds") { Description = "Seconds of load per latency configuration.", DefaultValueFactory = _ => 30 };
        var command = new Command("bench-flywheel", "Measure recording throughput and what shadowing adds to client latency; writes eval/flywheel/.")
        {
            output, rows, rate, seconds,
        };
        command.SetAction(async (parse, ct) =>
        {
            var outDir = Directory.CreateDirectory(parse.GetValue(output)!).FullName;
            var result = await FlywheelBenchmark.RunAsync(parse.GetValue(rows), parse.GetValue(rate), parse.GetValue(seconds), Console.WriteLine, ct);
            await FlywheelReport.WriteAsync(outDir, result);
            return 0;
        });
        return command;
    }
}
