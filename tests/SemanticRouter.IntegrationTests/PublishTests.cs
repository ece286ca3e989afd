using System.Diagnostics;
using System.Net;

namespace SemanticRouter.IntegrationTests;

/// <summary>
/// <c>dotnet publish</c> of the CLI gives a folder that runs on its own: its <c>semrouter</c> serves with the shipped
/// models and native libraries found inside it. Framework-dependent, from the build the tests run on (<c>--no-build</c>,
/// about 3 s); <c>SEMROUTER_TEST_SELF_CONTAINED=1</c> publishes the self-contained Release build of docs/operations.md instead
/// (about 1.5 min and 240 MB on two cores, too much for every run).
/// </summary>
public sealed class PublishTests
{
    [Fact]
    public async Task The_publish_output_starts_on_its_own_and_answers_healthz()
    {
        var output = Directory.CreateTempSubdirectory("semrouter-publish-").FullName;
        var dataDir = Directory.CreateTempSubdirectory("semrouter-publish-data-").FullName;
        try
        {
            var selfContained = Environment.GetEnvironmentVariable("SEMROUTER_TEST_SELF_CONTAINED") == "1";
            // The configuration the tests were built in (bin/Debug/… or bin/Release/…), whose build the publish reuses.
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            string[] args = selfContained
                ? ["publish", "src/SemanticRouter.Cli", "-c", "Release", "-r", "linux-x64", "--self-contained", "true", "-o", output]
                : ["publish", "src/SemanticRouter.Cli", "-c", configuration, "--no-build", "-o", output];
            var (exit, log) = await RunAsync("dotnet", args, IndependentReaderTests.RepoRoot());
            Assert.True(exit == 0, log);
            Assert.True(File.Exists(Path.Combine(output, "models", "encoder", "model.onnx")), "the shipped encoder is in the publish output");

            var (process, http) = await CliProcess.StartPublishedServeAsync(Path.Combine(output, "semrouter"), "--data-dir", dataDir);
            using (process)
            using (http)
            {
                using var health = await http.GetAsync("/healthz");
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                var deadline = DateTime.UtcNow.AddSeconds(30);
                HttpStatusCode ready;
                do ready = (await http.GetAsync("/readyz")).StatusCode;
                while (ready != HttpStatusCode.OK && DateTime.UtcNow < deadline && await Delay());
                Assert.Equal(HttpStatusCode.OK, ready); // the encoder and classifier loaded from the publish folder
                using var chat = await http.PostChatAsync(Json.Chat("auto", "What is the derivative of x squared?"));
                Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
                CliProcess.Terminate(process);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
                Assert.Equal(0, process.ExitCode);
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string[] args, string workingDirectory)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        return (process.ExitCode, await stdout + await stderr);
    }
}
