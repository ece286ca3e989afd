using System.CommandLine;
using SemanticRouter.Benchmarks;
using SemanticRouter.Mock;
using SemanticRouter.Routing.Policy;
using Spectre.Console;

namespace SemanticRouter.Cli.Commands;

/// <summary>
/// <c>semrouter bench</c>: every verify question through the gateway without a model, scored by the evaluate
/// endpoint, with latency measured at the client; next to the baselines, computed from the mock's world.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var gateway = new Option<string>("--gateway") { Description = "The gateway's base URL.", Required = true };
        var questions = new Option<string>("--questions") { Description = "A /questions URL or a local file in that format.", Required = true };
        var evaluate = new Option<string>("--evaluate") { Description = "The evaluate endpoint (…/v1/evaluate).", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write summary.json, report.md and the charts.", Required = true };
        var concurrency = new Option<int>("--concurrency") { Description = "Questions in flight at once.", DefaultValueFactory = _ => 8 };
        var limit = new Option<int?>("--limit") { Description = "Send only the first N questions." };
        var world = new Option<FileInfo?>("--world") { Description = "The mock's world file, for the baselines (default: the embedded default world)." };
        var labels = new Option<FileInfo?>("--labels") { Description = "Labelled questions (domain, difficulty) for per-domain figures and baselines (default: the embedded question sets)." };
        var latencyWeight = new Option<double>("--latency-weight") { Description = "λ of the label-aware baseline (use the router's).", DefaultValueFactory = _ => new Gateway.Routing.RoutingOptions().LatencyWeight };
        var costWeight = new Option<double>("--cost-weight") { Description = "μ of the label-aware baseline (use the router's).", DefaultValueFactory = _ => new Gateway.Routing.RoutingOptions().CostWeight };
        var command = new Command("bench", "Benchmark the router on a question set: mean score and latency, per domain, against baselines.")
        {
            gateway, questions, evaluate, output, concurrency, limit, world, labels, latencyWeight, costWeight,
        };
        command.SetAction(async (parse, ct) =>
        {
            var items = await QuestionSource.LoadAsync(parse.GetValue(questions)!, ct);
            if (parse.GetValue(limit) is { } n) items = items.Take(n).ToList();
            var mockWorld = parse.GetValue(world) is { } w ? World.Load(w.FullName) : EmbeddedData.World("default");
            var labelled = parse.GetValue(labels) is { } l ? QuestionSet.Load(l.FullName) : EmbeddedData.Questions("all");
            var baselines = Baselines.ForLabelled(mockWorld, labelled, items, new UtilityPolicy(parse.GetValue(latencyWeight), parse.GetValue(costWeight)));
            if (baselines.Count == 0) AnsiConsole.MarkupLine("[yellow]some questions have no labels: baselines are left out[/]");

            var summary = await BenchRunner.RunAndReportAsync(new Uri(parse.GetValue(gateway)!), new Uri(parse.GetValue(evaluate)!), items, labelled,
                mockWorld, baselines, Math.Max(1, parse.GetValue(concurrency)), "./semrouter " + string.Join(' ', parse.Tokens.Select(t => t.Value)),
                parse.GetValue(output)!, ct);
            AnsiConsole.MarkupLine($"n {summary["n"]}, mean score [bold]{summary["accuracy"]}[/], mean latency [bold]{summary["mean_latency_ms"]}[/] ms; " +
                $"label-aware {summary["baselines"]?["label-aware"]?["accuracy"]} / {summary["baselines"]?["label-aware"]?["mean_latency_ms"]} ms; " +
                $"always-qwen-max {summary["baselines"]?["always-qwen-max"]?["accuracy"]} / {summary["baselines"]?["always-qwen-max"]?["mean_latency_ms"]} ms");
            return 0;
        });
        return command;
    }
}
