using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SemanticRouter.Mock;

/// <summary>Builds the mock as a Kestrel web application listening on the given URLs.</summary>
public static class MockServer
{
    public static WebApplication Build(MockOptions options, string urls, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes + 1);
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.MapMockEndpoints(options);
        return app;
    }
}
