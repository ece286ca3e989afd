using System.Diagnostics;
using System.Net.Sockets;

namespace SemanticRouter.IntegrationTests;

/// <summary>SIGTERM to a <c>serve</c> process: answers in flight finish, new connections are refused, the flywheel drains.</summary>
public sealed class GracefulStopTests
{
    [Fact]
    public async Task Sigterm_lets_a_10_second_stream_in_flight_finish_refuses_new_connections_and_records_it()
    {
        await using var upstream = await FaultyUpstream.StartAsync("slow");
        upstream.Set("slow", Fault.SlowStream);
        var dataDir = Directory.CreateTempSubdirectory("semrouter-term-").FullName;
        var environment = new Dictionary<string, string> { ["SEMROUTER__Shadow__EvaluateUrl"] = "" };
        try
        {
            var (gateway, http) = await CliProcess.StartServeAsync(environment, "--upstream", upstream.Url.ToString(), "--data-dir", dataDir);
            using var _ = http;
            var stream = Sse.ReadEventsAsync(http, Json.Chat("slow", "hello", stream: true));
            await Task.Delay(1500); // a few chunks are out
            var clock = Stopwatch.StartNew();
            CliProcess.Terminate(gateway);

            // While the stream goes on, the port takes no new connection.
            var refused = false;
            for (var i = 0; i < 50 && !refused && !stream.IsCompleted; i++)
            {
                using var socket = new TcpClient();
                try
                {
                    await socket.ConnectAsync(http.BaseAddress!.Host, http.BaseAddress.Port);
                    await Task.Delay(100);
                }
                catch (SocketException)
                {
                    refused = true;
                }
            }
            var events = await stream;
            await gateway.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.True(refused, "a new connection was accepted after SIGTERM");
            Assert.Equal(0, gateway.ExitCode);
            Assert.Equal("[DONE]", events[^1].Data);
            Assert.DoesNotContain(events, e => e.Data.Contains("\"error\"", StringComparison.Ordinal));
            Assert.Equal(20, events.Count(e => e.Content?.StartsWith('w') == true));
            Assert.True(clock.Elapsed > TimeSpan.FromSeconds(5), $"the stream ended {clock.Elapsed} after SIGTERM");
            Assert.Equal(1, FlywheelFiles.Count(dataDir, "model = 'slow' AND error IS NULL"));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
