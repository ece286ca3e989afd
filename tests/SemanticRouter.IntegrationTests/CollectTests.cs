using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

public sealed class CollectTests
{
    [Fact]
    public async Task Collect_fills_the_flywheel_from_the_mocks_questions()
    {
        await using var servers = await TestServers.StartAsync(split: "train");
        var (exit, output) = await CliProcess.RunToEndAsync("collect", "--gateway", servers.GatewayUrl.ToString(),
            "--questions", new Uri(servers.MockUrl, "/questions").ToString(), "--limit", "3", "--concurrency", "2");

        Assert.True(exit == 0, output);
        Assert.Contains("questions sent: 3, failures: 0, rows written: 39", output);
        Assert.Contains("qwen-max", output);
        await servers.Gateway.StopAsync();
        Assert.Equal(39, FlywheelFiles.Count(servers.DataDir, "mode = 'training' AND score >= 0"));
    }

    [Fact]
    public async Task Collect_reads_a_local_question_file_and_reports_failures()
    {
        await using var servers = await TestServers.StartAsync(split: "train");
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """{"questions": [{"id": "1", "question": "What is 2 + 2?"}]}""");
            await servers.Gateway.StopAsync(); // nothing answers: the question fails after its retries
            var (exit, output) = await CliProcess.RunToEndAsync("collect", "--gateway", servers.GatewayUrl.ToString(), "--questions", file);
            Assert.NotEqual(0, exit);
            Assert.Contains("questions sent: 1, failures: 1", output);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
