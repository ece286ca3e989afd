using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SemanticRouter.Gateway.Observability;

/// <summary><c>/metrics</c> (Prometheus text) and <c>/dashboard</c> (one page, no external assets) with its data: the charts' history and the retrains, and the shadow pairs per hour.</summary>
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
        app.MapGet("/dashboard/data.json", (IGatewayStatus status, MetricsHistory history) => Results.Json(new
        {
            classifier = status.Classifier,
            history = history.Points,
            retrains = status.Retrains,
        }));
        app.MapGet("/dashboard/baseline-hours.json", (GatewayMetrics metrics) => Results.Json(new { hours = metrics.BaselineByHour() }));
    }
}
