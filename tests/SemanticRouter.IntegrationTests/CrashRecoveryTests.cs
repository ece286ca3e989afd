using System.Collections.Concurrent;
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

    [Fact]
    public async Task Every_answer_a_client_received_before_kill_9_under_load_is_in_parquet_after_the_restart()
    {
        var questions = EmbeddedData.Questions("verify");
        await using var mock = MockServer.Build(new MockOptions { World = EmbeddedData.World("default"), Questions = questions, LatencyScale = 0 },
            "http://127.0.0.1:0");
        await mock.StartAsync();
        var dataDir = Directory.CreateTempSubdirectory("semrouter-kill9-").FullName;
        var environment = new Dictionary<string, string> { ["SEMROUTER__Recording__FlushIntervalSeconds"] = "1" };
        string[] serve = ["--upstream", mock.Urls.First(), "--data-dir", dataDir];
        try
        {
            var (gateway, http) = await CliProcess.StartServeAsync(environment, serve);
            var answered = new ConcurrentBag<string>();
            var killed = 0;
            // Explicit models, whole and streamed, on 16 connections, until the process dies under them.
            var load = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; Volatile.Read(ref killed) == 0; i++)
                {
                    var question = questions.Items[(worker * 31 + i) % questions.Items.Count].Question;
                    try
                    {
                        using var response = await http.PostChatAsync(Json.Chat("qwen-max", question, stream: i % 2 == 0));
                        var body = await response.Content.ReadAsStringAsync();
                        // A whole answer ends with its JSON, a stream with [DONE]: only then did the client have it.
                        if (response.StatusCode == HttpStatusCode.OK && (body.TrimEnd().EndsWith("data: [DONE]", StringComparison.Ordinal)
                                                                          || body.TrimEnd().EndsWith('}')))
                        {
                            answered.Add(response.Headers.GetValues("x-semantic-router-request-id").Single());
                            // SIGKILL the moment the 1500th answer is in: the answers just before it are the ones at risk.
                            if (answered.Count >= 1500 && Interlocked.Exchange(ref killed, 1) == 0) gateway.Kill();
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                    {
                        // the gateway died under this request: it was not answered
                    }
                }
            })).ToArray();
            await gateway.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            await Task.WhenAll(load);
            http.Dispose();

            var (second, http2) = await CliProcess.StartServeAsync(environment, serve);
            http2.Dispose();
            CliProcess.Terminate(second);
            await second.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            var recorded = FlywheelFiles.Query(dataDir, "SELECT DISTINCT request_id FROM ROWS WHERE mode = 'explicit' AND error IS NULL");
            var ids = Enumerable.Range(0, recorded.RowCount).Select(r => recorded[r, 0]!).ToHashSet();
            var missing = answered.Where(id => !ids.Contains(id)).ToList();
            Assert.True(answered.Count >= 1000, $"only {answered.Count} requests were answered");
            Assert.True(missing.Count == 0, $"{missing.Count} of {answered.Count} answered requests have no row: {string.Join(", ", missing.Take(5))}");
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
