using System.Net;
using Microsoft.AspNetCore.Builder;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>Nothing recorded is lost: not on a graceful stop, not on kill -9.</summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Rows_of_a_killed_gateway_reach_parquet_after_the_next_start()
    {
        // The world's latency is on, so baseline calls and scoring are still in flight when the gateway dies.
        var questions = EmbeddedData.Questions("verify");
        await using var mock = MockServer.Build(new MockOptions { World = EmbeddedData.World("default"), Questions = questions }, "http://127.0.0.1:0");
        await mock.StartAsync();
        var dataDir = Directory.CreateTempSubdirectory("semrouter-kill-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["SEMROUTER__Gateway__DefaultModel"] = "qwen-code-7b",
            ["SEMROUTER__Routing__Enabled"] = "false", // every routed request to one model that is not the baseline
            ["SEMROUTER__Recording__FlushIntervalSeconds"] = "3600", // nothing reaches Parquet before the kill
        };
        string[] serve = ["--upstream", mock.Urls.First(), "--data-dir", dataDir];
        try
        {
            var (first, http) = await CliProcess.StartServeAsync(environment, serve);
            using (http)
            {
                var responses = await Task.WhenAll(questions.Items.Take(20).Select(q => http.PostChatAsync(Json.Chat(null, q.Question))));
                Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            }
            first.Kill(); // SIGKILL: no shutdown code runs
            await first.WaitForExitAsync();
            Assert.Equal(0, FlywheelFiles.Count(dataDir));

            var (second, http2) = await CliProcess.StartServeAsync(environment, serve);
            http2.Dispose();
            CliProcess.Terminate(second);
            await second.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(20, FlywheelFiles.Count(dataDir, "mode = 'routed'"));
            Assert.Equal(20, int.Parse(FlywheelFiles.Query(dataDir, "SELECT count(DISTINCT request_id) FROM ROWS WHERE mode = 'routed'")[0, 0]!));
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(dataDir, "journal")));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
