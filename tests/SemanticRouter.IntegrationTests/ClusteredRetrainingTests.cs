using Npgsql;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>Two gateways sharing a data directory and a PostgreSQL database: each scheduled retrain runs exactly once.</summary>
public sealed class ClusteredRetrainingTests
{
    [PostgresFact]
    public async Task Of_two_clustered_gateways_exactly_one_runs_each_retrain()
    {
        using var postgres = new PostgresServer();
        await using var servers = await TestServers.StartAsync(split: "train");
        await Collecting.TrainingModeAsync(servers, EmbeddedData.Questions("train").Items.Take(40));
        await servers.Gateway.StopAsync(); // from here on, only the two processes below use the data directory

        var environment = new Dictionary<string, string>
        {
            ["SEMROUTER__Retrain__PostgresConnectionString"] = postgres.ConnectionString,
            ["SEMROUTER__Retrain__Cron"] = "0/3 * * * * ?",
            ["SEMROUTER__Retrain__Promote"] = "always",
        };
        string[] serve = ["--upstream", servers.MockUrl.ToString(), "--data-dir", servers.DataDir];
        var (first, http1) = await CliProcess.StartServeAsync(environment, serve);
        var (second, http2) = await CliProcess.StartServeAsync(environment, serve);
        try
        {
            Assert.Equal(2, await NodesAsync(postgres, expected: 2));
            // A firing that finds the other gateway retraining is busy and leaves no decision; on a loaded 2-core
            // machine one retrain takes up to 15 s, so three may take a minute or more.
            var deadline = DateTime.UtcNow.AddSeconds(240);
            while (CronFirings(servers.DataDir).Count < 3 && DateTime.UtcNow < deadline) await Task.Delay(500);

            var firings = CronFirings(servers.DataDir);
            Assert.True(firings.Count >= 3, $"only {firings.Count} scheduled retrains in 240 s");
            Assert.All(firings, f => Assert.True(f.Count() == 1, $"{f.Key} ran {f.Count()} times"));
        }
        finally
        {
            foreach (var process in new[] { first, second })
            {
                CliProcess.Terminate(process);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            http1.Dispose();
            http2.Dispose();
        }
    }

    private static List<IGrouping<string, RetrainingTests.Decision>> CronFirings(string dataDir) =>
        RetrainingTests.Decisions(dataDir).Where(d => d.Trigger.StartsWith("retrain-cron@", StringComparison.Ordinal))
            .GroupBy(d => d.Trigger).ToList();

    /// <summary>Polls Hangfire's servers table until the expected number of gateways have announced their servers.</summary>
    private static async Task<int> NodesAsync(PostgresServer postgres, int expected)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM hangfire.server", connection);
            var nodes = Convert.ToInt32(await command.ExecuteScalarAsync());
            if (nodes >= expected || DateTime.UtcNow > deadline) return nodes;
            await Task.Delay(250);
        }
    }
}
