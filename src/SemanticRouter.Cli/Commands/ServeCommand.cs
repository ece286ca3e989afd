using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using SemanticRouter.Gateway;
using SemanticRouter.Mock;

namespace SemanticRouter.Cli.Commands;

/// <summary><c>semrouter serve</c>: the gateway.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var upstream = new Option<string?>("--upstream") { Description = "Base URL of an OpenAI-compatible service serving every model (and /v1/evaluate). Without one, the built-in mock serves." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where recorded data and trained classifiers are kept (default ./data)." };
        var config = new Option<FileInfo?>("--config") { Description = "A JSON configuration file (see docs/configuration.md)." };

        var command = new Command("serve", "Run the gateway: one OpenAI-compatible endpoint in front of many models.")
        {
            urls, upstream, dataDir, config,
        };
        command.SetAction(async (parse, ct) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(upstream) is { } u) overrides["Gateway:Upstream"] = u;
            if (parse.GetValue(dataDir) is { } d) overrides["Gateway:DataDir"] = d;
            IConfiguration configuration;
            try
            {
                configuration = GatewayApp.ReadConfiguration(parse.GetValue(config)?.FullName, overrides);
            }
            catch (ConfigFileException e)
            {
                Console.Error.WriteLine($"serve: {e.Message}");
                return 2;
            }

            // With JSON logs, stdout holds only JSON lines: serve's own lines go to stderr.
            var say = GatewayApp.JsonLogs(configuration) ? Console.Error : Console.Out;
            WebApplication? mock = null;
            if (!GatewayApp.HasUpstream(configuration))
            {
                // A newcomer gets a working gateway with one command: the built-in mock serves every model.
                mock = MockServer.Build(new MockOptions { World = EmbeddedData.World("default"), Questions = EmbeddedData.Questions("all") },
                    "http://127.0.0.1:0");
                await mock.StartAsync(ct);
                overrides["Gateway:Upstream"] = mock.Urls.First();
                configuration = GatewayApp.ReadConfiguration(parse.GetValue(config)?.FullName, overrides);
                say.WriteLine($"serve: no upstream configured; the built-in mock serves at {mock.Urls.First()}");
            }
            try
            {
                WebApplication gateway;
                try
                {
                    gateway = GatewayApp.Build(parse.GetValue(urls)!, configuration);
                }
                catch (DataDirException e)
                {
                    Console.Error.WriteLine($"serve: {e.Message}");
                    return 2;
                }
                await using var _ = gateway;
                await gateway.StartAsync(ct);
                say.WriteLine($"serve: gateway listening on {string.Join(", ", gateway.Urls)}");
                await gateway.WaitForShutdownAsync(ct);
            }
            finally
            {
                if (mock is not null) await mock.DisposeAsync();
            }
            return 0;
        });
        return command;
    }
}
