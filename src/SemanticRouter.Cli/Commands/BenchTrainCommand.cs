using System.CommandLine;
using SemanticRouter.Benchmarks.Training;

namespace SemanticRouter.Cli.Commands;

/// <summary><c>semrouter bench-train</c>: how long a retrain takes on a large flywheel (<see cref="TrainBenchmark"/>).</summary>
internal static class BenchTrainCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Where to write train.json and report.md.", DefaultValueFactory = _ => "eval/training" };
        var rows = new Option<int>("--rows") { Description = "Recorded rows to train on.", DefaultValueFactory = _ => 100_000 };
        var publicDir = new Option<string>("--public") { Description = "Folder of the public question sets (*.jsonl).", DefaultValueFactory = _ => "../shared/datasets/public" };
        var command = new Command("bench-train", "Time a retrain on many recorded rows, cold and with cached embeddings; writes eval/training/.")
        {
            output, rows, publicDir,
        };
        command.SetAction(async (parse, ct) =>
        {
            await TrainBenchmark.RunAsync(parse.GetValue(rows), parse.GetValue(publicDir)!, parse.GetValue(output)!,
                "./semrouter " + string.Join(' ', parse.Tokens.Select(t => t.Value)), Console.WriteLine);
            return 0;
        });
        return command;
    }
}
