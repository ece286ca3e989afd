using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SemanticRouter.IntegrationTests;

public sealed class CancellationTests
{
    [Fact]
    public async Task A_client_that_disconnects_cancels_the_upstream_call()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // An upstream that never answers, and tells us when the gateway gives up on it.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var upstream = builder.Build();
        upstream.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            received.TrySetResult();
            try { await Task.Delay(Timeout.Infinite, context.RequestAborted); }
            catch (OperationCanceledException) { cancelled.TrySetResult(); }
        });
        await upstream.StartAsync();

        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gateway:Models:0:Name"] = "never-answers",
            ["Gateway:Models:0:BaseUrl"] = upstream.Urls.First(),
        });
        using var client = new CancellationTokenSource();
        var call = servers.Http.PostAsync("/v1/chat/completions",
            Json.Body("""{"model":"never-answers","messages":[{"role":"user","content":"hi"}]}"""), client.Token);
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await client.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)); // throws TimeoutException if the upstream call lives on
    }
}
