using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Registry;
using SemanticRouter.Gateway.Retraining;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// <c>/admin/*</c>: retrain now, reload the champion, status. When <c>SEMROUTER_ADMIN_KEY</c> is set, every admin call
/// needs <c>Authorization: Bearer &lt;that key&gt;</c> (401 without a key, 403 with another one).
/// </summary>
internal static class AdminEndpoints
{
    public const string AdminKeyVariable = "SEMROUTER_ADMIN_KEY";

    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(RequireAdminKey);
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

    private static async ValueTask<object?> RequireAdminKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = context.HttpContext.RequestServices.GetRequiredService<IConfiguration>()[AdminKeyVariable];
        if (string.IsNullOrEmpty(expected)) return await next(context);
        if (BearerToken.From(context.HttpContext.Request.Headers.Authorization.ToString()) is not { } token)
            return Error(401, "This endpoint needs the admin key: Authorization: Bearer <key>.", "missing_admin_key");
        var given = Encoding.UTF8.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(given), SHA256.HashData(Encoding.UTF8.GetBytes(expected)))
            ? await next(context)
            : Error(403, "The key given is not the admin key.", "invalid_admin_key");
    }

    private static IResult Error(int status, string message, string code) =>
        Results.Json(new OpenAiErrorBody(new OpenAiError(message, "authentication_error", code)), ContractsJson.Context.OpenAiErrorBody, statusCode: status);
}
