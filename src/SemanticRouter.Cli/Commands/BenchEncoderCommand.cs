using System.CommandLine;
using SemanticRouter.Benchmarks.Encoders;
using SemanticRouter.Routing;

namespace SemanticRouter.Cli.Commands;

/// <summary><c>semrouter bench-encoder</c>: batch-1 encoding time, one encoder folder or two side by side (<see cref="EncoderBenchmark"/>).</summary>
internal static class BenchEncoderCommand
{
    public static Command Create()
    {
        var encoder = new Option<string>("--encoder") { Description = "Encoder folder (default: the shipped one).", DefaultValueFactory = _ => ShippedModels.Encoder };
        var against = new Option<string?>("--against") { Description = "A second encoder folder to time alternately and compare embeddings with." };
        var passes = new Option<int>("--passes") { Description = "Timed passes over the verify questions.", DefaultValueFactory = _ => 8 };
        var command = new Command("bench-encoder", "Time batch-1 encoding over the verify questions; with --against, compare two encoder folders side by side.")
        {
            encoder, against, passes,
        };
        command.SetAction(parse =>
        {
            EncoderBenchmark.Run(parse.GetValue(encoder)!, parse.GetValue(against), parse.GetValue(passes), Console.Out);
            return 0;
        });
        return command;
    }
}
