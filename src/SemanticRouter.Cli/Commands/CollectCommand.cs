using System.CommandLine;
using SemanticRouter.Benchmarks;

namespace SemanticRouter.Cli.Commands;

/// <summary>
/// <c>semrouter collect</c>: sends every question through the gateway in training mode, so each is answered by
/// every model, scored and recorded: the flywheel's training data.
/// </summary>
internal static class CollectCommand
{
    public static Command Create()
    {
        var gateway = new Option<string>("--gateway") { Description = "The gateway's base URL.", Required = true };
        var questions = new Option<string>("--questions") { Description = "A /questions URL or a local file in that format.", Required = true };
        var concurrency = new Option<int>("--concurrency") { Description = "Questions in flight at once.", DefaultValueFactory = _ => 4 };
        var limit = new Option<int?>("--limit") { Description = "Send only the first N questions." };
        var command = new Command("collect", "Send questions through the gateway in training mode (every model answers, all scored and recorded).")
        {
            gateway, questions, concurrency, limit,
        };
        command.SetAction(async (parse, ct) =>
        {
            var items = await QuestionSource.LoadAsync(parse.GetValue(questions)!, ct);
            if (parse.GetValue(limit) is { } n) items = items.Take(n).ToList();
            var summary = await Collector.CollectAsync(new Uri(parse.GetValue(gateway)!), items, Math.Max(1, parse.GetValue(concurrency)), ct);
            summary.Print();
            return summary.Failures == 0 ? 0 : 1;
        });
        return command;
    }
}
