using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SemanticRouter.Gateway.Registry;
using SemanticRouter.Retraining;

namespace SemanticRouter.Gateway.Observability;

/// <summary><c>/metrics</c> (Prometheus text) and <c>/dashboard</c> (one page, no external assets) with its data.</summary>
internal static class ObservabilityEndpoints
{
    private static readonly Lazy<byte[]> DashboardPage = new(() =>
    {
        using var resource = typeof(ObservabilityEndpoints).Assembly.GetManifestResourceStream("dashboard.html")!;
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    });

    public static void MapObservabilityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", (MetricsCollector collector) =>
            Results.Text(PrometheusText.Write(collector.Collect()), PrometheusText.ContentType));
        app.MapGet("/dashboard", () => Results.Bytes(DashboardPage.Value, "text/html; charset=utf-8"));
        app.MapGet("/dashboard/data.json", (IServiceProvider services) =>
        {
            var registry = services.GetRequiredService<ClassifierRegistry>();
            return Results.Json(new
            {
                classifier = registry.Current is { } c ? new { version = c.Version, created = c.Manifest.Created, metrics = c.Manifest.Metrics, data = c.Manifest.Data } : null,
                history = services.GetService<MetricsHistory>()?.Points ?? [],
                retrains = services.GetService<Retrainer>()?.History ?? [],
            });
        });
    }
}
