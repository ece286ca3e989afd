using System.Globalization;
using Microsoft.Playwright;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Mock;
using Xunit.Abstractions;

namespace SemanticRouter.IntegrationTests;

/// <summary>The dashboard in a real headless Chromium (Debian's, driven by Playwright): what it shows matches /metrics.</summary>
public sealed class DashboardTests(ITestOutputHelper output)
{
    [ChromiumFact]
    public async Task The_dashboard_shows_the_numbers_metrics_has_without_overflow_or_negative_scores_and_loads_nothing_from_elsewhere()
    {
        await using var servers = await TestServers.StartAsync();
        var questions = EmbeddedData.Questions("verify").Items;
        for (var i = 0; i < 6; i++) (await servers.Http.PostChatAsync(Json.Chat("auto", questions[i].Question))).Dispose();
        (await servers.Http.PostChatAsync(Json.Chat("qwen-max", questions[6].Question))).Dispose();
        await Sse.ReadEventsAsync(servers.Http, Json.Chat("qwen-code-7b", questions[7].Question, stream: true));
        // A question the evaluator does not know: it refuses to score it (-1), which must not pull a mean below 0.
        (await servers.Http.PostChatAsync(Json.Chat("qwen-code-7b", "Write a haiku about a question nobody asked."))).Dispose();
        await FlywheelFiles.WaitForAsync(servers.DataDir, 14, "score >= 0"); // 8 answers + 6 shadow answers
        await FlywheelFiles.WaitForAsync(servers.DataDir, 1, "score = -1");
        (await servers.Http.PostAsync("/admin/retrain", null)).Dispose(); // a retrain-history row and its long note
        servers.Service<MetricsHistory>().Sample(); // a point for the charts now, not in ten seconds

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumFact.Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var elsewhere = new List<string>();
        page.Request += (_, request) => { if (!request.Url.StartsWith(servers.GatewayUrl.ToString(), StringComparison.Ordinal)) elsewhere.Add(request.Url); };
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };

        await page.GotoAsync(new Uri(servers.GatewayUrl, "/dashboard").ToString());
        try
        {
            await page.WaitForSelectorAsync("body[data-loaded='true']", new() { State = WaitForSelectorState.Attached, Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the page never finished loading; console errors: {string.Join("; ", consoleErrors)}");
        }
        var screenshot = Path.Combine(AppContext.BaseDirectory, "test-output", "dashboard.png"); // taken before the checks: a failure has its picture
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"screenshot: {screenshot}");
        var samples = await MetricsScrape.ReadAsync(servers.Http);

        Assert.Equal(Format(samples.Sum("semantic_router_requests_total"), 0), await Text(page, "#requests-total"));
        Assert.Equal(Format(samples.Sum("semantic_router_flywheel_rows_total"), 0), await Text(page, "#flywheel-rows"));
        Assert.Equal(samples.Single(s => s.Name == "semantic_router_classifier_info").Labels["version"], await Text(page, "#classifier-version"));
        var models = samples.Where(s => s.Name == "semantic_router_requests_total").Select(s => s.Labels["model"]).Distinct().ToList();
        Assert.Contains("qwen-max", models);
        foreach (var model in models)
        {
            var row = $"#models tr[data-model='{model}']";
            Assert.Equal(Format(samples.Sum("semantic_router_requests_total", ("model", model)), 0), await Text(page, $"{row} td[data-field='requests']"));
            var count = samples.Sum("semantic_router_response_time_seconds_count", ("model", model));
            var latencyMs = samples.Sum("semantic_router_response_time_seconds_sum", ("model", model)) / count * 1000;
            AssertShown(latencyMs, 1, await Text(page, $"{row} td[data-field='latency']"));
            var score = samples.Where(s => s.Name == "semantic_router_accuracy_score" && s.Labels["model"] == model).Select(s => (double?)s.Value).SingleOrDefault();
            if (score is { } v) AssertShown(v, 3, await Text(page, $"{row} td[data-field='score']"));
            else Assert.Equal("–", await Text(page, $"{row} td[data-field='score']"));
        }
        Assert.True(await page.Locator("#requests-chart svg rect.requests").CountAsync() == models.Count);
        var shadowCalls = samples.Sum("semantic_router_shadow_calls_total", ("model", "qwen-max"));
        Assert.Equal(6, shadowCalls); // every routed request is shadowed to the baseline, and the page says so
        Assert.Equal(Format(shadowCalls, 0), await Text(page, "#models tr[data-model='qwen-max'] td[data-field='shadow']"));
        var paired = samples.Where(s => s.Name == "semantic_router_baseline_outcomes_total").Select(s => s.Labels["model"]).Distinct().ToList();
        Assert.NotEmpty(paired); // the routed requests' shadow pairs, scored: the routed answer against the baseline's
        foreach (var model in paired)
        {
            var row = $"#baseline tr[data-model='{model}']";
            foreach (var outcome in new[] { "win", "tie", "loss" })
                Assert.Equal(Format(samples.Sum("semantic_router_baseline_outcomes_total", ("model", model), ("outcome", outcome)), 0), await Text(page, $"{row} td[data-field='{outcome}']"));
            var ratio = samples.Sum("semantic_router_baseline_score_total", ("model", model), ("side", "routed"))
                        / samples.Sum("semantic_router_baseline_score_total", ("model", model), ("side", "baseline"));
            AssertShown(ratio, 3, await Text(page, $"{row} td[data-field='ratio']"));
            Assert.Equal("steady", await Text(page, $"#models tr[data-model='{model}'] td[data-field='drift']"));
            // Per hour: this test's pairs fall in one clock hour, or two when it runs across one; together they are the totals.
            var hours = page.Locator($"#baseline-hours tr[data-model='{model}']");
            Assert.InRange(await hours.CountAsync(), 1, 2);
            foreach (var outcome in new[] { "win", "tie", "loss" })
                Assert.Equal(samples.Sum("semantic_router_baseline_outcomes_total", ("model", model), ("outcome", outcome)),
                    (await hours.Locator($"td[data-field='{outcome}']").AllTextContentsAsync()).Sum(t => double.Parse(t, CultureInfo.InvariantCulture)));
            if (await hours.CountAsync() == 1) AssertShown(ratio, 3, await Text(page, $"#baseline-hours tr[data-model='{model}'] td[data-field='ratio']"));
        }
        Assert.Equal(1, samples.Sum("semantic_router_evaluate_refusals_total", ("model", "qwen-code-7b")));
        Assert.Equal("1", await Text(page, "#models tr[data-model='qwen-code-7b'] td[data-field='refused']"));
        foreach (var shown in await page.Locator("#models td[data-field='score'], #score-chart svg text").AllTextContentsAsync())
            Assert.False(shown.TrimStart().StartsWith('-') && shown.Trim() != "–", $"a negative score is shown: {shown}");
        var overflowing = await page.EvaluateAsync<string[]>("""
            () => [document.documentElement, ...document.querySelectorAll("main > section, main .scroll")]
                .filter(e => e.scrollWidth > e.clientWidth + 1)
                .map(e => e.tagName + " " + (e.querySelector("h2")?.textContent ?? ""))
            """);
        Assert.True(overflowing.Length == 0, "horizontal overflow at 1400 px: " + string.Join(", ", overflowing));
        Assert.Equal(1, await page.Locator("#retrains tbody tr[data-status]").CountAsync());
        Assert.True(await page.Locator("#score-chart svg polyline, #score-chart svg circle").CountAsync() > 0);
        Assert.True(await page.Locator("#latency-chart svg polyline, #latency-chart svg circle").CountAsync() > 0);
        Assert.Empty(elsewhere);
        Assert.Empty(consoleErrors);
    }

    private static async Task<string> Text(IPage page, string selector) => (await page.Locator(selector).TextContentAsync())!.Trim();

    /// <summary>
    /// The page shows <paramref name="expected"/> rounded to <paramref name="digits"/> places. JavaScript rounds the
    /// shortest decimal form of a double (0.8915 → 0.892), .NET its exact binary value (0.89149999… → 0.891): allow both.
    /// </summary>
    private static void AssertShown(double expected, int digits, string shown)
    {
        var value = double.Parse(shown, NumberStyles.Number, CultureInfo.GetCultureInfo("en-US"));
        Assert.True(Math.Abs(value - expected) <= 0.5 * Math.Pow(10, -digits) + 1e-9, $"shown {shown}, /metrics has {expected}");
    }

    /// <summary>The page's number format (JavaScript's en-US toLocaleString with fixed digits).</summary>
    private static string Format(double value, int digits) => value.ToString("N" + digits, CultureInfo.GetCultureInfo("en-US"));
}

/// <summary>A fact that needs Debian's chromium; without it, it is skipped and says why (.ci/run installs it).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumFact.Path)) Skip = $"{ChromiumFact.Path} not found (apt-get install chromium; .ci/run installs it).";
    }
}

internal static class ChromiumFact
{
    public const string Path = "/usr/bin/chromium";
}
