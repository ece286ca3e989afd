using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SemanticRouter.Gateway.Observability;

/// <summary>
/// OpenTelemetry traces and metrics over OTLP, on only when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>: <c>grpc</c>, the default, or <c>http/protobuf</c>): the spans of
/// <see cref="GatewayTracing"/>, and the instruments of <see cref="GatewayMetrics"/> (the figures <c>/metrics</c> shows)
/// every <c>OTEL_METRIC_EXPORT_INTERVAL</c> milliseconds (60,000 by default, as the specification says). The providers
/// live in the gateway's container, so stopping the gateway flushes what is still batched.
/// </summary>
internal static class GatewayTelemetry
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string MetricIntervalVariable = "OTEL_METRIC_EXPORT_INTERVAL";

    public static void AddTelemetry(IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration[EndpointVariable];
        if (string.IsNullOrWhiteSpace(endpoint)) return;
        var http = configuration[ProtocolVariable]?.Trim() == "http/protobuf";
        var interval = int.TryParse(configuration[MetricIntervalVariable], out var ms) && ms > 0 ? ms : 60_000;
        void Export(OtlpExporterOptions o, string signal)
        {
            o.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            // Set in code, the endpoint is used as given: over HTTP the signal's path must be added here.
            o.Endpoint = new Uri(http ? endpoint.TrimEnd('/') + "/v1/" + signal : endpoint);
        }
        var resource = ResourceBuilder.CreateDefault().AddService("semantic-router");
        services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(GatewayTracing.SourceName)
            .AddOtlpExporter(o => Export(o, "traces"))
            .Build());
        services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(GatewayMetrics.MeterName)
            .AddOtlpExporter((o, reader) =>
            {
                Export(o, "metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
            })
            .Build());
    }

    /// <summary>Builds the providers (when telemetry is on) so spans are sampled and instruments observed from the first request.</summary>
    public static void Start(IServiceProvider services)
    {
        services.GetService<TracerProvider>();
        services.GetService<MeterProvider>();
    }
}
