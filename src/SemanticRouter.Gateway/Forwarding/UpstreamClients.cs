using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Configuration;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// One pooled <see cref="SocketsHttpHandler"/> per upstream base URL, kept for the life of the process:
/// connections stay alive between requests, and no per-request client is created.
/// </summary>
public sealed class UpstreamClients(IOptions<GatewayOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpMessageInvoker> _clients = new();

    public HttpMessageInvoker For(Uri baseUrl) => _clients.GetOrAdd(baseUrl.GetLeftPart(UriPartial.Authority), _ =>
        new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(options.Value.ConnectTimeoutSeconds),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            EnableMultipleHttp2Connections = true,
        }, disposeHandler: true));

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }
}
