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
    public async Task Demo_runs_the_flywheel_end_to_end_on_a_slice()
    {
        var dataDir = Directory.CreateTempSubdirectory("semrouter-demo-").FullName;
        try
        {
            var (exit, output) = await CliProcess.RunToEndAsync("demo", "--train-limit", "40", "--verify-limit", "12", "--data-dir", dataDir);
            Assert.True(exit == 0, output);
            Assert.Contains("router before", output);
            Assert.Contains("router after", output);
            Assert.Contains("label-aware", output);
            Assert.Contains("demo finished", output);
            Assert.True(File.Exists(Path.Combine(dataDir, "bench-after", "summary.json")));
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
    public async Task Train_without_recorded_data_says_so_and_exits_non_zero()
    {
        var dataDir = Directory.CreateTempSubdirectory("semrouter-train-").FullName;
        try
        {
            var (exit, output) = await CliProcess.RunToEndAsync("train", "--data-dir", dataDir);
            Assert.Equal(2, exit);
            Assert.Contains("No scored rows", output);
        }
        finally
        {
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
