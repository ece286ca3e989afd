using Microsoft.AspNetCore.Http;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>The header a client asks for training mode with (the flywheel's fan-out: every model answers, all are scored).</summary>
internal static class TrainingHeader
{
    public const string Name = "X-Training-Mode";

    public static bool Requested(HttpRequest request) =>
        request.Headers.TryGetValue(Name, out var value) && bool.TryParse(value, out var on) && on;
}
