using System.CommandLine;
using SemanticRouter.Benchmarks.Sessions;

namespace SemanticRouter.Cli.Commands;

/// <summary><c>semrouter bench-sessions</c>: switches, score and cost over the multi-turn set, pinned against last-message routing (<see cref="SessionBench"/>).</summary>
internal static class BenchSessionsCommand
{
    public static Command Create()
    {
        var conversations = new Option<string>("--conversations") { Description = "The multi-turn set.", DefaultValueFactory = _ => "datasets/conversations.json" };
        var world = new Option<string>("--world") { Description = "World: default, permuted, or a world file.", DefaultValueFactory = _ => "default" };
        var output = new Option<string>("--out") { Description = "Where to write sessions.json.", DefaultValueFactory = _ => "eval/sessions" };
        var command = new Command("bench-sessions", "Replay the multi-turn set with conversation pinning and with last-message routing; switches per conversation, score, cost.")
        {
            conversations, world, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            await SessionBench.RunAsync(parse.GetValue(conversations)!, parse.GetValue(world)!, parse.GetValue(output)!,
                "./semrouter " + string.Join(' ', parse.Tokens.Select(t => t.Value)), Console.WriteLine, ct);
            return 0;
        });
        return command;
    }
}
