using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SemanticRouter.Gateway.Registry;
using SemanticRouter.Gateway.Retraining;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// <c>/admin/*</c>: retrain now, reload the champion, status, and the retrain jobs' dashboard. When
/// <c>SEMROUTER_ADMIN_KEY</c> is set, all of it needs that key (<see cref="AdminKeyMiddleware"/>).
/// </summary>
internal static class AdminEndpoints
{
    public const string AdminKeyVariable = "SEMROUTER_ADMIN_KEY";
    public const string Prefix = "/admin";

    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapRetrainJobs(Prefix + "/jobs");
        var admin = app.MapGroup(Prefix);
        admin.MapPost("/retrain", async (Retrainer retrainer, HttpContext context) =>
        {
            var result = await retrainer.RunAsync("admin", context.RequestAborted);
            return Results.Json(result, statusCode: result.Status is "busy" ? 409 : result.Status is "unavailable" ? 503 : 200);
        });
        admin.MapPost("/reload", (ClassifierRegistry registry) =>
        {
            registry.Reload();
            return Results.Json(new { version = registry.Current?.Version });
        });
        admin.MapGet("/status", (ClassifierRegistry registry, Retrainer retrainer) => Results.Json(new
        {
            classifier = registry.Current?.Version,
            encoder = registry.Encoder?.Version,
            metrics = registry.Current?.Manifest.Metrics,
            data = registry.Current?.Manifest.Data,
            champion = registry.Store.Champion(),
            retrains = retrainer.History,
        }));
    }
}
