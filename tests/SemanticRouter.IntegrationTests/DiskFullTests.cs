using System.Net;

namespace SemanticRouter.IntegrationTests;

/// <summary>
/// The data directory on a small tmpfs the test mounts (as root, as here and in CI), fills, then grows: requests are
/// answered throughout, rows the full disk refused are counted, and recording resumes by itself once space returns.
/// </summary>
public sealed class DiskFullTests
{
    private static void Run(string command)
    {
        var (exit, error) = Shell.Try(command);
        // Not skipped quietly: a machine where the test cannot mount says so by failing.
        Assert.True(exit == 0, $"'{command}' failed ({error}): this test mounts a tmpfs and needs root");
    }

    [Fact]
    public async Task Recording_resumes_by_itself_once_a_full_disk_has_room_again_and_the_stop_is_clean()
    {
        var mount = Directory.CreateTempSubdirectory("semrouter-full-").FullName;
        Run($"mount -t tmpfs -o size=512k semrouter-full '{mount}'");
        try
        {
            await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
            {
                ["Gateway:DataDir"] = mount,
                ["Shadow:EvaluateUrl"] = "",
            });
            var padding = new string('x', 8000); // each row is about 8 kB, in the journal and in its staged file
            var lost = 0.0;
            for (var i = 0; i < 400 && lost == 0; i++)
            {
                using var response = await servers.Http.PostChatAsync(Json.Chat("qwen-max", $"before-{i} {padding}"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode); // a full disk never costs a client its answer
                if (i % 10 == 9) lost = (await MetricsScrape.ReadAsync(servers.Http)).Sum("semantic_router_flywheel_rows_lost_total");
            }
            Assert.True(lost > 0, "the 512 kB disk never filled");
            for (var i = 0; i < 20; i++)
            {
                using var response = await servers.Http.PostChatAsync(Json.Chat("qwen-max", $"full-{i} {padding}"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            Run($"mount -o remount,size=64m '{mount}'");
            for (var i = 0; i < 20; i++)
            {
                using var response = await servers.Http.PostChatAsync(Json.Chat("qwen-max", $"after-{i}"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            Assert.Equal(20, await FlywheelFiles.WaitForAsync(mount, 20, "question LIKE 'after-%'", seconds: 30));
            await servers.Gateway.StopAsync(); // the stop flushes what is left, with no exception
        }
        finally
        {
            Run($"umount '{mount}'");
            Directory.Delete(mount);
        }
    }
}
