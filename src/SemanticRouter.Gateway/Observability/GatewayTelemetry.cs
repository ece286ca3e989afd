using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SemanticRouter.Gateway.Observability;

/// <summary>
/// OpenTelemetry traces over OTLP, on only when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>: <c>grpc</c>, the default, or <c>http/protobuf</c>). The provider lives in
/// the gateway's container, so stopping the gateway flushes the spans still batched.
/// </summary>
internal static class GatewayTelemetry
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    public static void AddTracing(IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration[EndpointVariable];
        if (string.IsNullOrWhiteSpace(endpoint)) return;
        var http = configuration[ProtocolVariable]?.Trim() == "http/protobuf";
        services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("semantic-router"))
            .AddSource(GatewayTracing.SourceName)
            .AddOtlpExporter(o =>
            {
                o.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                // Set in code, the endpoint is used as given: over HTTP the signal's path must be added here.
                o.Endpoint = new Uri(http ? endpoint.TrimEnd('/') + "/v1/traces" : endpoint);
            })
            .Build());
    }

    /// <summary>Builds the provider (when tracing is on) so spans are sampled from the first request.</summary>
    public static void Start(IServiceProvider services) => services.GetService<TracerProvider>();
}
