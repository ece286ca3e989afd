using System.Collections.Concurrent;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// One pooled <see cref="SocketsHttpHandler"/> per upstream authority (and connect timeout), kept for the life of
/// the process, built by YARP's <see cref="ForwarderHttpClientFactory"/> as YARP builds one per cluster: no proxy,
/// redirects, decompression or cookies, several HTTP/2 connections when one is full; connections stay alive between
/// requests, and no per-request client is created.
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
                : new Factory(key.Connect).CreateClient(new ForwarderHttpClientContext { ClusterId = key.Authority, NewConfig = HttpClientConfig.Empty }),
            _handler);

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }

    /// <summary>YARP's handler settings, with the model's connect timeout and idle connections kept two minutes.</summary>
    private sealed class Factory(TimeSpan connect) : ForwarderHttpClientFactory
    {
        protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
        {
            base.ConfigureHandler(context, handler);
            handler.ConnectTimeout = connect;
            handler.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2);
        }
    }
}
