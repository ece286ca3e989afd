using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway;
using SemanticRouter.Mock;
using Spectre.Console;

namespace SemanticRouter.Cli.Commands;

/// <summary>
/// <c>semrouter demo</c>: the whole path on embedded defaults. Starts the verify mock and the gateway on free
/// loopback ports, sends verify questions through the gateway without a model, shows who answered, stops.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var limit = new Option<int>("--limit") { Description = "How many verify questions to send.", DefaultValueFactory = _ => 8 };
        var dataDir = new Option<string>("--data-dir") { Description = "Data directory for the gateway.", DefaultValueFactory = _ => "./data/demo" };
        var command = new Command("demo", "Start the mock and the gateway, send verify questions through it, show the answers.")
        {
            limit, dataDir,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(limit), parse.GetValue(dataDir)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(int limit, string dataDir, CancellationToken ct)
    {
        var questions = EmbeddedData.Questions("verify");
        await using var mock = MockServer.Build(new MockOptions { World = EmbeddedData.World("default"), Questions = questions }, "http://127.0.0.1:0");
        await mock.StartAsync(ct);
        var configuration = GatewayApp.ReadConfiguration(null, new Dictionary<string, string?>
        {
            ["Gateway:Upstream"] = mock.Urls.First(),
            ["Gateway:DataDir"] = dataDir,
        });
        await using var gateway = GatewayApp.Build("http://127.0.0.1:0", configuration, logging: _ => { });
        await gateway.StartAsync(ct);
        AnsiConsole.MarkupLine($"mock (verify split) at [blue]{mock.Urls.First()}[/], gateway at [blue]{gateway.Urls.First()}[/]");

        using var http = new HttpClient { BaseAddress = new Uri(gateway.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
        var table = new Table().AddColumns("id", "question", "answered by", "ms", "answer");
        var failures = 0;
        foreach (var question in questions.Items.Take(limit))
        {
            var body = new { model = "auto", messages = new[] { new { role = "user", content = question.Question } } };
            var clock = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync("/v1/chat/completions", body, ct);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                failures++;
                table.AddRow(question.Id, Excerpt(question.Question, 40), $"[red]HTTP {(int)response.StatusCode}[/]", $"{elapsed:F0}", "");
                continue;
            }
            var completion = await response.Content.ReadFromJsonAsync(ContractsJson.Context.ChatCompletion, ct);
            var model = response.Headers.TryGetValues(GatewayHeaders.Model, out var values) ? values.First() : completion?.Model ?? "?";
            table.AddRow(Markup.Escape(question.Id), Markup.Escape(Excerpt(question.Question, 40)), Markup.Escape(model),
                $"{elapsed:F0}", Markup.Escape(Excerpt(completion?.Choices.FirstOrDefault()?.Message.Content ?? "", 50)));
        }
        AnsiConsole.Write(table);
        await gateway.StopAsync(ct);
        await mock.StopAsync(ct);
        AnsiConsole.MarkupLine(failures == 0 ? "[green]demo finished[/]" : $"[red]{failures} requests failed[/]");
        return failures == 0 ? 0 : 1;
    }

    private static string Excerpt(string text, int length)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= length ? line : line[..length] + "…";
    }
}
