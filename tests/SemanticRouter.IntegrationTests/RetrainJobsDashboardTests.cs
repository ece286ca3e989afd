using System.Net;
using Microsoft.Playwright;
using SemanticRouter.Retraining;

namespace SemanticRouter.IntegrationTests;

/// <summary>
/// Hangfire's dashboard at /admin/jobs: behind the admin key like the rest of /admin, usable from a browser through a
/// cookie the key turns into once, and showing the scheduled retrains that succeeded and failed.
/// </summary>
public sealed class RetrainJobsDashboardTests
{
    private const string AdminKey = "admin-5f1c";

    private static Task<TestServers> StartAsync(string? adminKey, string cron = "0 0 0 1 1 ? 2099") =>
        TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["SEMROUTER_ADMIN_KEY"] = adminKey,
            ["Retrain:Enabled"] = "true",
            ["Retrain:Cron"] = cron,
        });

    /// <summary>A client that shows what the gateway answers: no redirects followed, no cookies kept.</summary>
    private static HttpClient Raw(TestServers servers) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = servers.GatewayUrl };

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string? bearer = null, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task The_jobs_dashboard_needs_the_admin_key_as_a_bearer_token_or_the_cookie_it_turns_into()
    {
        await using var servers = await StartAsync(AdminKey);
        using var http = Raw(servers);

        using var without = await GetAsync(http, "/admin/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("missing_admin_key", (await Json.ReadAsync(without)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(http, "/admin/jobs", bearer: "client-key")).StatusCode);
        using var page = await GetAsync(http, "/admin/jobs", bearer: AdminKey);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("SemanticRouter retrains", await page.Content.ReadAsStringAsync());

        // A wrong key in the query sets no cookie.
        using var wrongQuery = await GetAsync(http, "/admin/jobs?key=client-key");
        Assert.Equal(HttpStatusCode.Forbidden, wrongQuery.StatusCode);
        Assert.False(wrongQuery.Headers.Contains("Set-Cookie"));

        // The right one becomes an HttpOnly, SameSite=Strict cookie for /admin, and the key leaves the address.
        using var once = await GetAsync(http, "/admin/jobs/jobs/succeeded?key=" + AdminKey + "&count=50");
        Assert.Equal(HttpStatusCode.Redirect, once.StatusCode);
        Assert.Equal("/admin/jobs/jobs/succeeded?count=50", once.Headers.Location!.OriginalString);
        var setCookie = Assert.Single(once.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/admin;", setCookie + ";", StringComparison.OrdinalIgnoreCase);
        var cookie = setCookie.Split(';')[0];
        Assert.DoesNotContain(AdminKey, cookie);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/admin/jobs/jobs/succeeded?count=50", cookie: cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/admin/status", cookie: cookie)).StatusCode); // one rule for all of /admin
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(http, "/admin/jobs", cookie: cookie[..^2] + "xx")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/healthz", cookie: cookie)).StatusCode);
    }

    [Fact]
    public async Task Without_an_admin_key_the_jobs_dashboard_is_open_like_the_rest_of_admin()
    {
        await using var servers = await StartAsync(adminKey: null);
        using var http = Raw(servers);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/admin/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/admin/jobs")).StatusCode);
    }

    [ChromiumFact]
    public async Task A_browser_given_the_key_once_sees_the_scheduled_retrains_that_succeeded_and_failed()
    {
        await using var servers = await StartAsync(AdminKey, cron: "0/1 * * * * ?");
        var retrainer = servers.Service<Retrainer>();
        await WaitForAsync(() => retrainer.History.Any(r => r.Status == "not-enough-data"), "a scheduled retrain without data");
        // A flywheel file that is no Parquet makes the next retrain fail: Hangfire records it as failed.
        var flywheel = Directory.CreateDirectory(Path.Combine(servers.DataDir, "flywheel")).FullName;
        await File.WriteAllTextAsync(Path.Combine(flywheel, "broken.parquet"), "not parquet");
        var failedPage = new Uri(servers.GatewayUrl, "/admin/jobs/jobs/failed");
        using var http = Raw(servers);
        await WaitForAsync(async () => (await (await GetAsync(http, failedPage.PathAndQuery, bearer: AdminKey)).Content.ReadAsStringAsync())
            .Contains("retrain (retrain-cron)", StringComparison.Ordinal), "a failed retrain");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumFact.Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        });
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var refused = await page.GotoAsync(new Uri(servers.GatewayUrl, "/admin/jobs/jobs/succeeded").ToString());
        Assert.Equal(401, refused!.Status);

        var succeeded = await page.GotoAsync(new Uri(servers.GatewayUrl, "/admin/jobs/jobs/succeeded?key=" + AdminKey).ToString());
        Assert.Equal(200, succeeded!.Status);
        Assert.Equal(new Uri(servers.GatewayUrl, "/admin/jobs/jobs/succeeded").ToString(), page.Url);
        Assert.Contains("retrain (retrain-cron)", await page.Locator("table").First.TextContentAsync());
        var cookie = Assert.Single(await context.CookiesAsync());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/admin", cookie.Path);

        var failed = await page.GotoAsync(failedPage.ToString()); // the cookie alone now
        Assert.Equal(200, failed!.Status);
        Assert.Contains("retrain (retrain-cron)", await page.Locator("table").First.TextContentAsync());
    }

    private static Task WaitForAsync(Func<bool> condition, string what) => WaitForAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {what} within 30 s");
            await Task.Delay(200);
        }
    }
}
