using System.CommandLine;
using SemanticRouter.Mock;

namespace SemanticRouter.Cli.Commands;

/// <summary><c>semrouter world</c>: draws a new world for the mock (see <see cref="WorldGenerator"/>).</summary>
internal static class WorldCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "The world's seed: the same seed always gives the same world.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the world file.", Required = true };
        var command = new Command("world", "Draw a new world for the mock: which model is strong where, latencies, prices, noise.") { seed, output };
        command.SetAction(parse =>
        {
            var world = WorldGenerator.Generate(parse.GetValue(seed));
            var file = parse.GetValue(output)!;
            file.Directory?.Create();
            world.Save(file.FullName);
            Console.WriteLine($"{file.FullName}: {world.Name}. {world.Description}");
            return 0;
        });
        return command;
    }
}
