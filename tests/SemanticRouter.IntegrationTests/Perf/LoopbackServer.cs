using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SemanticRouter.Benchmarks.Perf;

namespace SemanticRouter.IntegrationTests.Perf;

/// <summary>Kestrel on a free loopback port answering <c>POST /v1/chat/completions</c>, for testing the load generators.</summary>
internal static class LoopbackServer
{
    /// <summary>Started and warmed with one request (the first pays for the JIT; that is not what a test is about).</summary>
    public static async Task<WebApplication> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost(PerfRequests.Path, handler);
        await app.StartAsync();
        using var http = new HttpClient();
        (await http.PostAsync(Url(app), new StringContent("{}"))).EnsureSuccessStatusCode();
        return app;
    }

    public static Uri Url(WebApplication app) => new(new Uri(app.Urls.First()), PerfRequests.Path);
}
