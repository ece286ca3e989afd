using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// Guards everything under <c>/admin</c> (the endpoints and the jobs dashboard) with one rule: when
/// <c>SEMROUTER_ADMIN_KEY</c> is set, a request needs <c>Authorization: Bearer &lt;that key&gt;</c> (401 without a key,
/// 403 with another one). A browser cannot send that header, so <c>GET /admin/…?key=&lt;key&gt;</c> once turns the key
/// into an HttpOnly, SameSite=Strict cookie scoped to <c>/admin</c> and redirects to the same address without the key.
/// The cookie holds an HMAC of the key, not the key, and changing the key voids it.
/// </summary>
internal sealed class AdminKeyMiddleware(RequestDelegate next, IConfiguration configuration)
{
    public const string AdminKeyVariable = "SEMROUTER_ADMIN_KEY";
    public const string Prefix = "/admin";
    public const string CookieName = "semrouter-admin";
    private const string QueryName = "key";

    public async Task InvokeAsync(HttpContext context)
    {
        var expected = configuration[AdminKeyVariable];
        if (string.IsNullOrEmpty(expected) || !context.Request.Path.StartsWithSegments(Prefix))
        {
            await next(context);
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
                HttpOnly = true, SameSite = SameSiteMode.Strict, Path = Prefix, Secure = request.IsHttps,
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

    private static bool Matches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static string CookieValue(string key) =>
        Base64UrlTextEncoder.Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), "semrouter admin cookie"u8));

    private static Task Refuse(HttpContext context, int status) => OpenAiErrorMiddleware.WriteAsync(context, status, status == 401
        ? new OpenAiError($"This endpoint needs the admin key: Authorization: Bearer <key> (from a browser, once: ?{QueryName}=<key>).", "authentication_error", "missing_admin_key")
        : new OpenAiError("The key given is not the admin key.", "authentication_error", "invalid_admin_key"));
}
