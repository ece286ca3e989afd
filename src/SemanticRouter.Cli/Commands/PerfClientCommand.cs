using System.CommandLine;
using SemanticRouter.Benchmarks.Perf;

namespace SemanticRouter.Cli.Commands;

/// <summary>
/// <c>semrouter perf-client</c> (hidden): the stream load generator <c>perf</c> runs as a child process, so that
/// it shares neither a runtime with the mock nor any code with the gateway's HTTP stack. Prints one JSON line.
/// </summary>
internal static class PerfClientCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The chat completions URL.", Required = true };
        var bodies = new Option<FileInfo>("--bodies") { Description = "Request bodies, one JSON object a line, sent in turn.", Required = true };
        var connections = new Option<int>("--connections") { DefaultValueFactory = _ => 1 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of warm-up, not measured.", DefaultValueFactory = _ => 0 };
        var duration = new Option<int>("--duration") { Description = "Seconds measured.", DefaultValueFactory = _ => 10 };
        var command = new Command("perf-client", "Closed-loop load over raw sockets, timing the first body byte and the whole response.")
        {
            url, bodies, connections, warmup, duration,
        };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var result = PerfClient.Run(new Uri(parse.GetValue(url)!), PerfRequests.ReadLines(parse.GetValue(bodies)!.FullName), parse.GetValue(connections),
                TimeSpan.FromSeconds(parse.GetValue(warmup)), TimeSpan.FromSeconds(parse.GetValue(duration)));
            Console.WriteLine(PerfClient.ToJson(result));
            return 0;
        });
        return command;
    }
}
