using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>The gateway retrains itself: on its Hangfire schedule, and when asked at /admin/retrain.</summary>
public sealed class RetrainingTests
{
    private static readonly IEnumerable<LabeledQuestion> Train = EmbeddedData.Questions("train").Items.Take(60);

    [Fact]
    public async Task The_schedule_retrains_and_the_gateway_serves_the_promoted_version()
    {
        await using var servers = await TestServers.StartAsync(split: "train", settings: new Dictionary<string, string?>
        {
            ["Retrain:Enabled"] = "true",
            ["Retrain:Cron"] = "0/2 * * * * ?", // every two seconds
            ["Retrain:Promote"] = "always",
            ["Routing:WatchSeconds"] = "0.2",
        });
        await Collecting.TrainingModeAsync(servers, Train);

        var deadline = DateTime.UtcNow.AddSeconds(120);
        string? version = null;
        while (version is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            version = Decisions(servers.DataDir).Where(d => d.Trigger.StartsWith("retrain-cron@", StringComparison.Ordinal) && d.Promoted)
                .Select(d => d.Version).FirstOrDefault();
        }
        Assert.NotNull(version);
        deadline = DateTime.UtcNow.AddSeconds(30);
        string served;
        do
        {
            using var response = await servers.Http.PostChatAsync(Json.Chat(null, "What is the derivative of x^3?"));
            served = response.Headers.GetValues(GatewayHeaders.Version).Single();
        } while (!Decisions(servers.DataDir).Any(d => d.Version == served && d.Trigger.StartsWith("retrain-cron@", StringComparison.Ordinal)) && DateTime.UtcNow < deadline);
        Assert.Contains(Decisions(servers.DataDir), d => d.Version == served);
    }

    [Fact]
    public async Task Enough_new_scored_rows_trigger_a_retrain_between_scheduled_ones()
    {
        await using var servers = await TestServers.StartAsync(split: "train", settings: new Dictionary<string, string?>
        {
            ["Retrain:Enabled"] = "true",
            ["Retrain:Cron"] = "0 0 0 1 1 ? 2099", // not in this test's lifetime
            ["Retrain:NewScoredRows"] = "400",
        });
        await Collecting.TrainingModeAsync(servers, Train); // 780 scored rows
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (Decisions(servers.DataDir).Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(250);
        var decision = Assert.Single(Decisions(servers.DataDir));
        Assert.DoesNotContain("retrain-cron", decision.Trigger);
    }

    [Fact]
    public async Task Admin_retrain_returns_the_outcome()
    {
        await using var servers = await TestServers.StartAsync(split: "train");
        await Collecting.TrainingModeAsync(servers, Train);
        using var response = await servers.Http.PostAsync("/admin/retrain", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await Json.ReadAsync(response);
        Assert.Contains(result.GetProperty("status").GetString(), new[] { "promoted", "not-promoted" });
        Assert.StartsWith("clf-", result.GetProperty("version").GetString());
        Assert.Contains("held-out", result.GetProperty("message").GetString());

        var status = await Json.ReadAsync(await servers.Http.GetAsync("/admin/status"));
        Assert.Equal("admin", status.GetProperty("retrains")[0].GetProperty("trigger").GetString());
    }

    [Fact]
    public async Task Admin_retrain_without_data_says_so()
    {
        await using var servers = await TestServers.StartAsync();
        using var response = await servers.Http.PostAsync("/admin/retrain", null);
        var result = await Json.ReadAsync(response);
        Assert.Equal("not-enough-data", result.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Admin_retrain_while_another_gateway_retrains_is_409_busy()
    {
        await using var servers = await TestServers.StartAsync();
        var models = Directory.CreateDirectory(Path.Combine(servers.DataDir, "models")).FullName;
        using (new FileStream(Path.Combine(models, ".retrain.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            using var busy = await servers.Http.PostAsync("/admin/retrain", null);
            Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
            Assert.Equal("busy", (await Json.ReadAsync(busy)).GetProperty("status").GetString());
        }
        using var free = await servers.Http.PostAsync("/admin/retrain", null);
        Assert.Equal("not-enough-data", (await Json.ReadAsync(free)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("0 0 * * *", "5 fields")]
    [InlineData("0 0 12 * * MON", "exactly one of day-of-month")]
    [InlineData("0 0 25 * * ?", "Hours")]
    public async Task A_cron_expression_that_is_not_valid_stops_the_gateway_at_start_saying_why(string cron, string reason)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Retrain:Enabled"] = "true",
            ["Retrain:Cron"] = cron,
        }));
        Assert.Contains($"Retrain:Cron \"{cron}\" is not a valid cron expression", failure.Message);
        Assert.Contains(reason, failure.Message);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("Information", true)]
    public async Task Hangfire_logs_only_warnings_unless_its_level_is_configured(string? level, bool informationExpected)
    {
        var log = new StringWriter();
        await using (await TestServers.StartAsync(logTo: log, settings: new Dictionary<string, string?>
        {
            ["Retrain:Enabled"] = "true",
            ["Logging:LogLevel:Hangfire"] = level,
        }))
        {
        }
        var hangfire = log.ToString().Split('\n').Where(line => line.Contains(" Hangfire.", StringComparison.Ordinal)).ToList();
        Assert.Equal(informationExpected, hangfire.Any(line => line.StartsWith("Information ", StringComparison.Ordinal)));
        if (!informationExpected) Assert.All(hangfire, line => Assert.Matches("^(Warning|Error|Critical) ", line));
    }

    [Fact]
    public async Task Admin_endpoints_need_the_admin_key_when_one_is_set()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["SEMROUTER_ADMIN_KEY"] = "admin-secret" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await servers.Http.GetAsync("/admin/status")).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/admin/status") { Headers = { { "Authorization", "Bearer client-key" } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await servers.Http.SendAsync(wrong)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/admin/status") { Headers = { { "Authorization", "Bearer admin-secret" } } };
        Assert.Equal(HttpStatusCode.OK, (await servers.Http.SendAsync(right)).StatusCode);
    }

    internal sealed record Decision(string Version, string Trigger, bool Promoted);

    /// <summary>Every version's decision.json under a data directory.</summary>
    internal static List<Decision> Decisions(string dataDir)
    {
        var models = Path.Combine(dataDir, "models");
        if (!Directory.Exists(models)) return [];
        return Directory.EnumerateFiles(models, "decision.json", SearchOption.AllDirectories).Select(path =>
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            return new Decision(Path.GetFileName(Path.GetDirectoryName(path)!), json.RootElement.GetProperty("trigger").GetString()!,
                json.RootElement.GetProperty("promoted").GetBoolean());
        }).ToList();
    }
}
