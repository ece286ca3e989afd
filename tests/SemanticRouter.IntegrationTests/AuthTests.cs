using System.Net;
using System.Net.Http.Headers;
using SemanticRouter.Gateway;
using SemanticRouter.Gateway.Ingress;

namespace SemanticRouter.IntegrationTests;

/// <summary>Client keys, admin keys, per-key limits, and where keys must never show up.</summary>
public sealed class AuthTests
{
    private const string Key = "sk-client-4f1c9a";
    private const string AdminKey = "admin-7d2e";

    private static HttpRequestMessage Chat(string? key, string model = "qwen-max")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = System.Net.Http.Json.JsonContent.Create(Json.Chat(model, "What is 2+2?")) };
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    [Fact]
    public async Task With_keys_configured_v1_needs_a_known_key_and_admin_needs_the_admin_key()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["SEMROUTER_API_KEYS"] = Key,
            ["SEMROUTER_ADMIN_KEY"] = AdminKey,
        });
        var http = servers.Http;

        using (var missing = await http.SendAsync(Chat(null))) Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        using (var wrong = await http.SendAsync(Chat("sk-other")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("invalid_api_key", (await Json.ReadAsync(wrong)).GetProperty("error").GetProperty("code").GetString());
        }
        using (var ok = await http.SendAsync(Chat(Key))) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using (var models = new HttpRequestMessage(HttpMethod.Get, "/v1/models"))
        using (var listed = await http.SendAsync(models)) Assert.Equal(HttpStatusCode.Unauthorized, listed.StatusCode);

        using var adminWithClientKey = new HttpRequestMessage(HttpMethod.Get, "/admin/status") { Headers = { Authorization = new("Bearer", Key) } };
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(adminWithClientKey)).StatusCode);
        using var adminWithout = new HttpRequestMessage(HttpMethod.Get, "/admin/status");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(adminWithout)).StatusCode);
        using var admin = new HttpRequestMessage(HttpMethod.Get, "/admin/status") { Headers = { Authorization = new("Bearer", AdminKey) } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(admin)).StatusCode);
        // the scheme's case does not matter (RFC 7235), for the admin key as for client keys
        using var adminLowerCase = new HttpRequestMessage(HttpMethod.Get, "/admin/status") { Headers = { Authorization = new("bearer", AdminKey) } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(adminLowerCase)).StatusCode);
    }

    [Fact]
    public async Task A_key_over_its_request_limit_gets_429_with_Retry_After()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0:Name"] = "team-a",
            ["Auth:ApiKeys:0:Sha256"] = ClientKeys.Hash(Key),
            ["Auth:ApiKeys:0:RequestsPerMinute"] = "2",
        });

        for (var i = 0; i < 2; i++)
            using (var ok = await servers.Http.SendAsync(Chat(Key))) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var limited = await servers.Http.SendAsync(Chat(Key));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("rate_limit_exceeded", (await Json.ReadAsync(limited)).GetProperty("error").GetProperty("type").GetString());
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 30); // a third of a minute refills one request
    }

    [Fact]
    public async Task A_key_over_its_token_limit_gets_429_until_the_budget_refills()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["SEMROUTER_API_KEYS"] = Key,
            ["Auth:TokensPerMinute"] = "10", // one answer from the mock uses more than ten tokens
        });

        using (var first = await servers.Http.SendAsync(Chat(Key))) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await servers.Http.SendAsync(Chat(Key));

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.True(second.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Training_mode_is_a_per_key_permission_off_by_default()
    {
        const string trainer = "sk-trainer-2b7d";
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["SEMROUTER_API_KEYS"] = Key,
            ["Auth:ApiKeys:0:Name"] = "trainer",
            ["Auth:ApiKeys:0:Sha256"] = GatewayApp.HashClientKey(trainer),
            ["Auth:ApiKeys:0:TrainingMode"] = "true",
        });

        using var refused = Chat(Key);
        refused.Headers.Add("X-Training-Mode", "true");
        using (var response = await servers.Http.SendAsync(refused))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("training_mode_not_allowed", (await Json.ReadAsync(response)).GetProperty("error").GetProperty("code").GetString());
        }
        using var allowed = Chat(trainer);
        allowed.Headers.Add("X-Training-Mode", "true");
        using (var response = await servers.Http.SendAsync(allowed))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.Contains("x-semantic-router-scores"));
        }
        using (var plain = await servers.Http.SendAsync(Chat(Key))) Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    [Fact]
    public async Task A_training_mode_request_charges_the_key_for_every_models_answer()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["SEMROUTER_API_KEYS"] = Key,
            ["Auth:TokensPerMinute"] = "10",
            ["Auth:TrainingMode"] = "true",
        });

        using var training = Chat(Key);
        training.Headers.Add("X-Training-Mode", "true");
        using (var first = await servers.Http.SendAsync(training)) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await servers.Http.SendAsync(Chat(Key));

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    [Fact]
    public async Task Keys_never_reach_logs_metrics_or_recorded_data()
    {
        const string upstreamKey = "sk-upstream-91b3e0";
        Environment.SetEnvironmentVariable("SEMROUTER_TEST_UPSTREAM_KEY", upstreamKey);
        var logs = new StringWriter();
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["SEMROUTER_API_KEYS"] = Key,
            ["Gateway:UpstreamApiKeyEnv"] = "SEMROUTER_TEST_UPSTREAM_KEY",
        }, logTo: logs);

        using (var ok = await servers.Http.SendAsync(Chat(Key, "auto"))) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using (var bad = await servers.Http.SendAsync(Chat("sk-guess-" + Key))) Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.True(await FlywheelFiles.WaitForAsync(servers.DataDir, 1) >= 1);
        var metrics = await servers.Http.GetStringAsync("/metrics");
        await servers.Gateway.StopAsync();

        var recorded = string.Join("\n", Directory.EnumerateFiles(servers.DataDir, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes)
            .Select(b => System.Text.Encoding.UTF8.GetString(b)));
        foreach (var secret in new[] { Key, upstreamKey })
        {
            Assert.DoesNotContain(secret, recorded);
            Assert.DoesNotContain(secret, metrics);
            Assert.DoesNotContain(secret, logs.ToString());
        }
        Assert.NotEmpty(logs.ToString()); // the log was captured, so its silence above means something
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080", null, "http://127.0.0.1:8080", true)]
    [InlineData("http://*:8080", null, "http://127.0.0.1:8080", true)]
    [InlineData("http://127.0.0.1:8080;http://[::1]:8080", null, "http://127.0.0.1:8080;http://[::1]:8080", false)]
    [InlineData("http://0.0.0.0:8080", "sk-1", "http://0.0.0.0:8080", false)]
    public void Without_keys_the_gateway_listens_on_loopback_only(string urls, string? keys, string expected, bool restricted)
    {
        var configuration = GatewayApp.ReadConfiguration(null, new Dictionary<string, string?> { ["SEMROUTER_API_KEYS"] = keys });
        Assert.Equal((expected, restricted), GatewayApp.ListenUrls(urls, configuration));
    }

    [Fact]
    public void Told_otherwise_the_gateway_listens_beyond_loopback_without_keys()
    {
        var configuration = GatewayApp.ReadConfiguration(null, new Dictionary<string, string?> { ["Auth:AllowUnauthenticatedRemote"] = "true" });
        Assert.Equal(("http://0.0.0.0:8080", false), GatewayApp.ListenUrls("http://0.0.0.0:8080", configuration));
    }
}
