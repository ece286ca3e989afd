using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// Guards everything under <c>/admin</c> (the endpoints and the jobs dashboard) with one rule: when
/// <c>SEMROUTER_ADMIN_KEY</c> is set, a request needs <c>Authorization: Bearer &lt;that key&gt;</c> (401 without a key,
/// 403 with another one). A browser cannot send that header, so <c>GET /admin/…?key=&lt;key&gt;</c> once turns the key
/// into an HttpOnly, SameSite=Strict cookie scoped to <c>/admin</c> and redirects to the same address without the key.
/// The cookie holds an HMAC of the key, not the key, and changing the key voids it. Without an admin key, <c>/admin</c>
/// answers only loopback callers (and callers on a Unix socket, which have no address). With
/// <c>Auth:ObservabilityNeedsAdminKey</c>, <c>/metrics</c> and <c>/dashboard</c> follow the same rule.
/// </summary>
internal sealed class AdminKeyMiddleware(RequestDelegate next, IConfiguration configuration, IOptions<AuthOptions> auth)
{
    private static readonly string[] ObservabilityPaths = ["/metrics", "/dashboard"];
    private readonly bool _observability = auth.Value.ObservabilityNeedsAdminKey;

    public const string AdminKeyVariable = "SEMROUTER_ADMIN_KEY";
    public const string Prefix = "/admin";
    public const string CookieName = "semrouter-admin";
    private const string QueryName = "key";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!Guarded(context.Request.Path))
        {
            await next(context);
            return;
        }
        var expected = configuration[AdminKeyVariable];
        if (string.IsNullOrEmpty(expected))
        {
            if (IsLocal(context.Connection.RemoteIpAddress)) await next(context);
            else await OpenAiErrorMiddleware.WriteAsync(context, 403, new OpenAiError(
                $"Without {AdminKeyVariable} set, this endpoint answers only loopback callers.", "permission_error", "admin_loopback_only"));
            return;
        }
        var request = context.Request;
        var fromQuery = HttpMethods.IsGet(request.Method) && request.Query.TryGetValue(QueryName, out var values) ? values.ToString() : null;
        if (BearerToken.From(request.Headers.Authorization.ToString()) is { } token)
        {
            if (!Matches(token, expected)) await Refuse(context, 403);
            else await next(context);
        }
        else if (fromQuery is not null)
        {
            if (!Matches(fromQuery, expected))
            {
                await Refuse(context, 403);
                return;
            }
            context.Response.Cookies.Append(CookieName, CookieValue(expected), new CookieOptions
            {
                // The dashboard's page reads /metrics and /dashboard/data.json: the cookie covers them when they are guarded.
                HttpOnly = true, SameSite = SameSiteMode.Strict, Path = _observability ? "/" : Prefix, Secure = request.IsHttps,
            });
            var query = QueryHelpers.ParseQuery(request.QueryString.Value);
            query.Remove(QueryName);
            context.Response.Redirect(UriHelper.BuildRelative(request.PathBase, request.Path, QueryString.Create(query)));
        }
        else if (request.Cookies[CookieName] is { } cookie)
        {
            if (!Matches(cookie, CookieValue(expected))) await Refuse(context, 403);
            else await next(context);
        }
        else await Refuse(context, 401);
    }

    private bool Guarded(PathString path) =>
        path.StartsWithSegments(Prefix) || (_observability && ObservabilityPaths.Any(p => path.StartsWithSegments(p)));

    /// <summary>A loopback caller, or one with no IP address (a Unix socket, an in-process server).</summary>
    public static bool IsLocal(IPAddress? caller) => caller is null || IPAddress.IsLoopback(caller) || IPAddress.IsLoopback(caller.MapToIPv4());

    private static bool Matches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static string CookieValue(string key) =>
        Base64UrlTextEncoder.Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), "semrouter admin cookie"u8));

    private static Task Refuse(HttpContext context, int status) => OpenAiErrorMiddleware.WriteAsync(context, status, status == 401
        ? new OpenAiError($"This endpoint needs the admin key: Authorization: Bearer <key> (from a browser, once: ?{QueryName}=<key>).", "authentication_error", "missing_admin_key")
        : new OpenAiError("The key given is not the admin key.", "authentication_error", "invalid_admin_key"));
}
