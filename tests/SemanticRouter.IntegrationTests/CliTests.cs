using System.Net;

namespace SemanticRouter.IntegrationTests;

/// <summary>The built <c>semrouter</c> executable, run as its own process.</summary>
public sealed class CliTests
{
    [Fact]
    public async Task Help_lists_the_subcommands()
    {
        var (exit, output) = await CliProcess.RunToEndAsync("--help");
        Assert.Equal(0, exit);
        foreach (var command in new[] { "serve", "mock", "demo", "collect" }) Assert.Contains(command, output);
    }

    [Fact]
    public async Task Demo_sends_verify_questions_through_the_gateway_and_stops()
    {
        var dataDir = Directory.CreateTempSubdirectory("semrouter-demo-").FullName;
        try
        {
            var (exit, output) = await CliProcess.RunToEndAsync("demo", "--limit", "3", "--data-dir", dataDir);
            Assert.True(exit == 0, output);
            Assert.Contains("answered by", output);
            Assert.Contains("demo finished", output);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_without_an_upstream_starts_the_built_in_mock()
    {
        var dataDir = Directory.CreateTempSubdirectory("semrouter-serve-").FullName;
        var (process, http) = await CliProcess.StartServeAsync("--data-dir", dataDir);
        try
        {
            using var response = await http.PostChatAsync(Json.Chat(null, "What is 2 + 2?"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            http.Dispose();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Mock_rejects_an_unknown_split()
    {
        var (exit, output) = await CliProcess.RunToEndAsync("mock", "--split", "nonsense");
        Assert.NotEqual(0, exit);
        Assert.Contains("nonsense", output);
    }
}
