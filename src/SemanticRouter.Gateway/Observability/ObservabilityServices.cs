using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SemanticRouter.Gateway.Observability;

internal static class ObservabilityServices
{
    /// <summary>The metrics every stage reports to, their collector and history for /metrics and the dashboard, and their export with the traces over OTLP.</summary>
    public static void AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<MetricsCollector>();
        services.AddSingleton<MetricsHistory>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsHistory>());
        GatewayTelemetry.AddTelemetry(services, configuration);
    }
}
