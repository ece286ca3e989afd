using System.CommandLine;
using Microsoft.Extensions.Hosting;
using SemanticRouter.Mock;

namespace SemanticRouter.Cli.Commands;

/// <summary><c>semrouter mock</c>: the challenge's mock LLM service.</summary>
internal static class MockCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:19000" };
        var split = new Option<string>("--split") { Description = "Question set to serve and score: train, verify or all.", Required = true };
        split.AcceptOnlyFromAmong("train", "verify", "all");
        var world = new Option<FileInfo?>("--world") { Description = "World file (default: the embedded datasets/worlds/default.json)." };
        var questions = new Option<FileInfo?>("--questions") { Description = "A labelled question file to serve instead of the split." };
        var latencyScale = new Option<double>("--latency-scale") { Description = "Multiplies simulated latency; 0 removes it.", DefaultValueFactory = _ => 1.0 };
        latencyScale.Validators.Add(r => { if (r.GetValueOrDefault<double>() < 0) r.AddError("--latency-scale must be >= 0."); });

        var command = new Command("mock", "Run the challenge's mock LLM service (13 models, /v1/evaluate, /questions).")
        {
            urls, split, world, questions, latencyScale,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new MockOptions
            {
                World = parse.GetValue(world) is { } w ? World.Load(w.FullName) : EmbeddedData.World("default"),
                Questions = parse.GetValue(questions) is { } q ? QuestionSet.Load(q.FullName) : EmbeddedData.Questions(parse.GetValue(split)!),
                LatencyScale = parse.GetValue(latencyScale),
            };
            await using var app = MockServer.Build(options, parse.GetValue(urls)!);
            await app.StartAsync(ct);
            Console.WriteLine($"mock: world '{options.World.Name}', {options.Questions.Items.Count} questions, " +
                $"{options.World.Models.Count} models, listening on {string.Join(", ", app.Urls)}");
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }
}
