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
    private readonly HttpMessageHandler? _handler;

    public UpstreamClients()
    {
    }

    /// <summary>Every upstream reached through one handler: the forwarder's tests answer with a fake one, as YARP's do.</summary>
    internal UpstreamClients(HttpMessageHandler handler) => _handler = handler;

    public HttpMessageInvoker For(Uri baseUrl, TimeSpan connectTimeout) =>
        _clients.GetOrAdd((baseUrl.GetLeftPart(UriPartial.Authority), connectTimeout), static (key, handler) =>
            handler is not null
                ? new HttpMessageInvoker(handler, disposeHandler: false)
                : new HttpMessageInvoker(new SocketsHttpHandler
                {
                    UseProxy = false,
                    AllowAutoRedirect = false,
                    AutomaticDecompression = DecompressionMethods.None,
                    UseCookies = false,
                    ConnectTimeout = key.Connect,
                    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
                    EnableMultipleHttp2Connections = true,
                }, disposeHandler: true), _handler);

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }
}
