using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SemanticRouter.Gateway.Tests;

/// <summary>
/// A request's <see cref="HttpContext"/> without a server: the response body kept in memory, and the response started
/// once a byte of it went out, as Kestrel's is (a DefaultHttpContext alone never starts).
/// </summary>
internal static class TestContext
{
    public static DefaultHttpContext Create()
    {
        var body = new MemoryStream();
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Features.Set<IHttpResponseFeature>(new ResponseFeature(body));
        context.Response.Body = body;
        return context;
    }

    /// <summary>What the client has received so far.</summary>
    public static string Body(this HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    private sealed class ResponseFeature(MemoryStream body) : HttpResponseFeature
    {
        public override bool HasStarted => body.Length > 0;
    }
}
