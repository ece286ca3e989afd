using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace SemanticRouter.IntegrationTests;

/// <summary>The gateway's console logs as JSON, and its access log: one line per request, which a config key turns off.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task With_the_json_formatter_stdout_is_json_lines_and_a_chat_request_has_one_access_line_with_its_id_model_and_tokens()
    {
        var dataDir = Directory.CreateTempSubdirectory("semrouter-logs-").FullName;
        var stdout = new ConcurrentQueue<string>();
        try
        {
            var (process, http) = await CliProcess.StartServeAsync(
                new Dictionary<string, string> { ["SEMROUTER__Logging__Console__FormatterName"] = "json" }, stdout.Enqueue, "--data-dir", dataDir);
            string requestId;
            using (http)
            using (process)
            {
                using (var response = await http.PostChatAsync(Json.Chat("qwen-max", "What is 2 + 2?")))
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    requestId = response.Headers.GetValues("x-semantic-router-request-id").Single();
                }
                CliProcess.Terminate(process); // the console logger writes what it still holds as the process stops
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }

            var lines = stdout.Where(l => l.Length > 0).ToList();
            var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList(); // throws on a line that is not JSON
            Assert.Contains(entries, e => e.GetProperty("Category").GetString() == "SemanticRouter.Gateway.Registry.ClassifierRegistry");
            var access = entries.Where(e => e.GetProperty("Category").GetString() == "SemanticRouter.AccessLog"
                                            && e.GetProperty("State").GetProperty("RequestId").GetString() == requestId).ToList();
            var state = Assert.Single(access).GetProperty("State");
            Assert.Equal("POST", state.GetProperty("Method").GetString());
            Assert.Equal("/v1/chat/completions", state.GetProperty("Path").GetString());
            Assert.Equal(200, state.GetProperty("Status").GetInt32());
            Assert.Equal("qwen-max", state.GetProperty("Model").GetString());
            Assert.Equal("-", state.GetProperty("KeyId").GetString());
            Assert.True(state.GetProperty("LatencyMs").GetDouble() > 0);
            Assert.True(state.GetProperty("PromptTokens").GetInt32() > 0);
            Assert.True(state.GetProperty("CompletionTokens").GetInt32() > 0);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("false", 0)]
    public async Task Gateway_AccessLog_false_turns_the_access_log_off(string? setting, int lines)
    {
        var log = new StringWriter();
        string requestId;
        await using (var servers = await TestServers.StartAsync(logTo: log,
                         settings: setting is null ? null : new Dictionary<string, string?> { ["Gateway:AccessLog"] = setting }))
        {
            using var response = await servers.Http.PostChatAsync(Json.Chat("qwen-max", "hello"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            requestId = response.Headers.GetValues("x-semantic-router-request-id").Single();
        } // stopped: every request's line is written

        string text;
        lock (log) text = log.ToString();
        Assert.Equal(lines, text.Split('\n').Count(l => l.Contains("SemanticRouter.AccessLog:", StringComparison.Ordinal) && l.Contains(requestId, StringComparison.Ordinal)));
    }
}
