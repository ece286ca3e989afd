using System.CommandLine;
using SemanticRouter.Benchmarks.Demo;

namespace SemanticRouter.Cli.Commands;

/// <summary><c>semrouter demo</c>: the whole flywheel in one command, on embedded defaults (<see cref="DemoRun"/>).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Data directory, emptied first; one that holds anything the demo did not make is refused unless --force.",
            DefaultValueFactory = _ => "./data/demo",
        };
        var force = new Option<bool>("--force") { Description = "Empty --data-dir even if the demo did not make what it holds." };
        var world = new Option<string>("--world")
        {
            Description = "World: permuted (the family names no longer say what a model is good at: the shipped classifier must learn it), default (the world the shipped classifier was trained on), or a world file.",
            DefaultValueFactory = _ => "permuted",
        };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Collect only the first N train questions." };
        var verifyLimit = new Option<int?>("--verify-limit") { Description = "Bench only the first N verify questions." };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight while collecting and benching.", DefaultValueFactory = _ => 8 };
        var judge = new Option<string>("--judge") { Description = "Who scores the flywheel's answers: evaluate-api (the mock's /v1/evaluate) or llm (the mock's judge model).", DefaultValueFactory = _ => "evaluate-api" };
        judge.AcceptOnlyFromAmong("evaluate-api", "llm");
        var command = new Command("demo", "The flywheel end to end: bench, collect in training mode, retrain and promote, hot-swap, bench again.")
        {
            dataDir, force, world, trainLimit, verifyLimit, concurrency, judge,
        };
        command.SetAction((parse, ct) => DemoRun.RunAsync(parse.GetValue(dataDir)!, parse.GetValue(world)!, parse.GetValue(trainLimit),
            parse.GetValue(verifyLimit), Math.Max(1, parse.GetValue(concurrency)),
            "./semrouter " + string.Join(' ', parse.Tokens.Select(t => t.Value)), parse.GetValue(force), ct, parse.GetValue(judge)!));
        return command;
    }
}
