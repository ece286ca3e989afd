using System.Net;

namespace SemanticRouter.IntegrationTests;

/// <summary><c>/livez</c> and <c>/readyz</c> beside <c>/healthz</c>, as a platform's probes read them.</summary>
public sealed class ProbeTests
{
    [Fact]
    public async Task Livez_answers_while_the_process_serves_and_readyz_once_the_catalog_and_classifier_are_in()
    {
        await using var servers = await TestServers.StartAsync();
        using (var live = await servers.Http.GetAsync("/livez")) Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using (var ready = await servers.Http.GetAsync("/readyz")) Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Readyz_is_503_while_the_catalog_is_empty_and_livez_still_answers()
    {
        await using var upstream = await FaultyUpstream.StartAsync(); // lists no model
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gateway:Upstream"] = upstream.Url.ToString(),
            ["Shadow:EvaluateUrl"] = "",
        });
        using (var live = await servers.Http.GetAsync("/livez")) Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await servers.Http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("catalog", await ready.Content.ReadAsStringAsync());
    }
}
