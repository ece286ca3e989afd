using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Forwarding;
using SemanticRouter.Gateway.Health;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Protocols;
using Yarp.ReverseProxy.Forwarder;

namespace SemanticRouter.Gateway.Tests;

/// <summary>The gateway's real parts, built by hand for a stage's tests.</summary>
internal static class TestParts
{
    public static GatewayMetrics Metrics() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    public static UpstreamHealth Health(int breakerMinimumThroughput = 5) =>
        new(Options.Create(new HealthOptions { BreakerMinimumThroughput = breakerMinimumThroughput }), TimeProvider.System);

    /// <summary>A forwarder whose every upstream is <paramref name="upstream"/> (null: real sockets).</summary>
    public static Forwarder Forwarder(HttpMessageHandler? upstream, GatewayMetrics metrics, ForwardingOptions? options = null, UpstreamHealth? health = null) =>
        new(Proxy, upstream is null ? new UpstreamClients() : new UpstreamClients(upstream), health ?? Health(), metrics,
            Options.Create(options ?? new ForwardingOptions()), Options.Create(new CatalogOptions()));

    /// <summary>YARP's forwarder as the gateway registers it.</summary>
    private static readonly IHttpForwarder Proxy =
        new ServiceCollection().AddLogging().AddHttpForwarder().BuildServiceProvider().GetRequiredService<IHttpForwarder>();

    public static CatalogModel Model(string name, string host = "upstream.test", double? price = null) =>
        new(name, new Uri($"http://{host}/"), name, null, price);

    /// <summary>An exchange as Ingress opens it for an OpenAI Chat Completions body.</summary>
    public static Exchange Exchange(string json, string requestId = "request-1", Action<ParsedAnswer>? charge = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return new Exchange(requestId, ChatProtocols.OpenAiChat, body, ChatRequest.Parse(body)) { Charge = charge };
    }
}
