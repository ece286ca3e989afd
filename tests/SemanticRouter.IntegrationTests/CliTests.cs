using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SemanticRouter.IntegrationTests;

/// <summary>The built <c>semrouter</c> executable, run as its own process.</summary>
public sealed class CliTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "semrouter.dll");

    [Fact]
    public async Task Help_lists_the_subcommands()
    {
        var (exit, output) = await RunToEndAsync("--help");
        Assert.Equal(0, exit);
        Assert.Contains("serve", output);
        Assert.Contains("mock", output);
        Assert.Contains("demo", output);
    }

    [Fact]
    public async Task Demo_sends_verify_questions_through_the_gateway_and_stops()
    {
        var dataDir = Directory.CreateTempSubdirectory("semrouter-demo-").FullName;
        try
        {
            var (exit, output) = await RunToEndAsync("demo", "--limit", "3", "--data-dir", dataDir);
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
        var port = FreePort();
        var dataDir = Directory.CreateTempSubdirectory("semrouter-serve-").FullName;
        using var process = Start("serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDir);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilHealthyAsync(http, process);
            using var response = await http.PostChatAsync(Json.Chat(null, "What is 2 + 2?"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Mock_rejects_an_unknown_split()
    {
        var (exit, output) = await RunToEndAsync("mock", "--split", "nonsense");
        Assert.NotEqual(0, exit);
        Assert.Contains("nonsense", output);
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Cli);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    private static async Task<(int Exit, string Output)> RunToEndAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task WaitUntilHealthyAsync(HttpClient http, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, "serve exited early");
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        Assert.Fail("serve did not become healthy within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
