using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SemanticRouter.Retraining;

/// <summary>
/// The admin surface of retraining and promotion under <c>prefix</c>: retrain now, reload the champion, status, and
/// the retrain jobs' dashboard. Who may call them is the gateway's concern (its admin key guards the whole prefix).
/// </summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder app, string prefix)
    {
        app.MapRetrainJobs(prefix + "/jobs");
        var admin = app.MapGroup(prefix);
        admin.MapPost("/retrain", async (Retrainer retrainer, HttpContext context) =>
        {
            var result = await retrainer.RunAsync("admin", context.RequestAborted);
            return Results.Json(result, statusCode: result.Status is "busy" ? 409 : result.Status is "unavailable" ? 503 : 200);
        });
        admin.MapPost("/reload", (IServingClassifier serving) =>
        {
            serving.Reload();
            return Results.Json(new { version = serving.Current?.Version });
        });
        admin.MapGet("/status", (IServingClassifier serving, Retrainer retrainer) => Results.Json(new
        {
            classifier = serving.Current?.Version,
            encoder = serving.Encoder?.Version,
            metrics = serving.Current?.Manifest.Metrics,
            data = serving.Current?.Manifest.Data,
            champion = serving.Store.Champion(),
            retrains = retrainer.History,
        }));
    }
}
