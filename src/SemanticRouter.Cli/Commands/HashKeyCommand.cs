using System.CommandLine;
using SemanticRouter.Gateway;

namespace SemanticRouter.Cli.Commands;

/// <summary><c>semrouter hash-key</c>: the SHA-256 a config file stores for a client key (the key itself never goes there).</summary>
internal static class HashKeyCommand
{
    public static Command Create()
    {
        var key = new Argument<string>("key") { Description = "The client API key." };
        var command = new Command("hash-key", "Print the SHA-256 of a client API key, for Auth:ApiKeys[].Sha256 in a config file.") { key };
        command.SetAction(parse =>
        {
            Console.WriteLine(GatewayApp.HashClientKey(parse.GetValue(key)!));
            return 0;
        });
        return command;
    }
}
