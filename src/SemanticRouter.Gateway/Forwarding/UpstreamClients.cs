using System.Collections.Concurrent;
using System.Net;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// One pooled <see cref="SocketsHttpHandler"/> per upstream authority (and connect timeout), kept for the life of
/// the process: connections stay alive between requests, and no per-request client is created.
/// </summary>
internal sealed class UpstreamClients : IDisposable
{
    private readonly ConcurrentDictionary<(string Authority, TimeSpan Connect), HttpMessageInvoker> _clients = new();

    public HttpMessageInvoker For(Uri baseUrl, TimeSpan connectTimeout) =>
        _clients.GetOrAdd((baseUrl.GetLeftPart(UriPartial.Authority), connectTimeout), static key =>
            new HttpMessageInvoker(new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                UseCookies = false,
                ConnectTimeout = key.Connect,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
                EnableMultipleHttp2Connections = true,
            }, disposeHandler: true));

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }
}
