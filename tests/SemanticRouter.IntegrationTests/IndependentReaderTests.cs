using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SemanticRouter.Mock;
using SemanticRouter.Recording;

namespace SemanticRouter.IntegrationTests;

/// <summary>A reader that shares no code with ours (DuckDB from Node) agrees on the flywheel's columns, types and counts.</summary>
public sealed class IndependentReaderTests
{
    [Fact]
    public async Task Node_duckdb_reads_the_same_columns_types_and_row_counts()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gateway:DefaultModel"] = "qwen-writing-7b", ["Routing:Enabled"] = "false",
        });
        var questions = EmbeddedData.Questions("verify").Items;
        await servers.Http.PostChatAsync(Json.Chat(null, questions[0].Question));
        await servers.Http.PostChatAsync(Json.Chat("qwen-math-3b", questions[1].Question));
        using var training = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(Json.Chat(null, questions[2].Question)) };
        training.Headers.Add("X-Training-Mode", "true");
        (await servers.Http.SendAsync(training)).EnsureSuccessStatusCode();
        await servers.Gateway.StopAsync();

        using var report = JsonDocument.Parse(await RunReaderAsync(servers.DataDir));
        var schema = report.RootElement.GetProperty("schema").EnumerateArray()
            .Select(c => (c.GetProperty("column_name").GetString(), c.GetProperty("column_type").GetString())).ToList();
        Assert.Equal(FlywheelSchema.Columns.Select(c => ((string?)c.Name, (string?)(c.Type == "TIMESTAMPTZ" ? "TIMESTAMP WITH TIME ZONE" : c.Type))), schema);
        var counts = report.RootElement.GetProperty("counts").EnumerateArray()
            .ToDictionary(c => c.GetProperty("mode").GetString()!, c => (int.Parse(c.GetProperty("n").GetString()!), int.Parse(c.GetProperty("scored").GetString()!)));
        Assert.Equal(new Dictionary<string, (int, int)>
        {
            ["explicit"] = (1, 1), ["routed"] = (1, 1), ["shadow"] = (1, 1), ["training"] = (13, 13),
        }, counts);
    }

    private static async Task<string> RunReaderAsync(string dataDir)
    {
        return await RunNodeToolAsync("parquet-reader", "read.mjs", dataDir);
    }

    /// <summary>Runs a script of a test tool under tests/tools/ (its npm packages installed first) and returns what it printed; fails the test when it fails.</summary>
    internal static async Task<string> RunNodeToolAsync(string toolFolder, params string[] args)
    {
        var tool = Path.Combine(RepoRoot(), "tests", "tools", toolFolder);
        await NpmInstall.EnsureAsync(tool);
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = tool };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var node = Process.Start(info)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(node.ExitCode == 0, await errors);
        return await output;
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SemanticRouter.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("SemanticRouter.sln not found above the test binaries.");
    }
}

/// <summary>
/// Installs a test tool's pinned npm packages once. Versions and sha512 integrity come from the committed
/// package-lock.json; `npm install` (not `npm ci`) because npm here records only this platform's optional
/// native packages in the lock, which `npm ci` rejects as out of sync.
/// </summary>
internal static class NpmInstall
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task EnsureAsync(string folder)
    {
        await Gate.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(folder, "node_modules"))) return;
            var info = new ProcessStartInfo("npm", "install --ignore-scripts --no-audit --no-fund --no-save")
            {
                WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var npm = Process.Start(info)!;
            var errors = npm.StandardError.ReadToEndAsync();
            await npm.StandardOutput.ReadToEndAsync();
            await npm.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(npm.ExitCode == 0, "npm install failed: " + await errors);
        }
        finally
        {
            Gate.Release();
        }
    }
}
