using System.Diagnostics;

namespace SemanticRouter.Gateway.Observability;

/// <summary>
/// The gateway's spans: one per request (<c>chat</c>) with children for <c>route</c>, <c>upstream</c>,
/// <c>shadow</c> and <c>evaluate</c>. Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
internal static class GatewayTracing
{
    public const string SourceName = "SemanticRouter.Gateway";

    public static readonly ActivitySource Source = new(SourceName);
}
