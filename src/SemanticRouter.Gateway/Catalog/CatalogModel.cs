using System.Net;
using SemanticRouter.Gateway.Protocols;

namespace SemanticRouter.Gateway.Catalog;

/// <summary>
/// One model the gateway can send requests to, with its own timeouts (null: the gateway-wide ones) and the protocol
/// its upstream speaks (null: OpenAI Chat Completions).
/// </summary>
internal sealed record CatalogModel(string Name, Uri BaseUrl, string UpstreamModel, string? ApiKey, double? PricePer1kTokens,
    UpstreamTimeouts? Timeouts = null, IChatProtocol? Protocol = null, IReadOnlyCollection<string>? Accepts = null, UpstreamHttp? Http = null)
{
    /// <summary>The HTTP version its requests ask for (null: <see cref="UpstreamHttp.Default"/>).</summary>
    public UpstreamHttp Http { get; } = Http ?? UpstreamHttp.Default;

    /// <summary>The kinds of media (<c>image</c>, <c>audio</c>, <c>file</c>) the model takes besides text.</summary>
    public IReadOnlyCollection<string> Accepts { get; } = Accepts ?? [];

    /// <summary>Whether the model can take a request holding these kinds of media (every request without any).</summary>
    public bool Takes(IReadOnlySet<string> media) => media.Count == 0 || media.All(Accepts.Contains);

    public IChatProtocol Protocol { get; } = Protocol ?? ChatProtocols.OpenAiChat;

    /// <summary>Where its requests go (built once: every request to the model uses it).</summary>
    public Uri Endpoint { get; } = (Protocol ?? ChatProtocols.OpenAiChat).Endpoint(BaseUrl);

    /// <summary>
    /// A model's base URL as given, with a trailing slash; a bare <c>/v1</c> path is dropped (the protocol adds it to
    /// a base at the root). Any other path is kept as the API's base, as the OpenAI SDKs take it (Gemini's
    /// <c>/v1beta/openai/</c>, a proxy's <c>/prefix/v1/</c>).
    /// </summary>
    public static Uri NormalizeBaseUrl(string url)
    {
        var uri = new Uri(url.TrimEnd('/') + "/", UriKind.Absolute);
        return uri.AbsolutePath == "/v1/" ? new Uri(uri, "/") : uri;
    }

    /// <summary>The root of a service that serves <c>/v1/models</c> and <c>/v1/evaluate</c>: the URL without a trailing <c>/v1</c>.</summary>
    public static Uri ServiceRoot(string url)
    {
        var trimmed = url.TrimEnd('/');
        if (trimmed.EndsWith("/v1", StringComparison.Ordinal)) trimmed = trimmed[..^3];
        return new Uri(trimmed + "/", UriKind.Absolute);
    }

    /// <summary>What an answer cost at this model's price (0 without a price).</summary>
    public double Cost(int? promptTokens, int? completionTokens) =>
        PricePer1kTokens is { } price ? price * ((promptTokens ?? 0) + (completionTokens ?? 0)) / 1000.0 : 0;

    // The API key is a secret: keep it out of ToString (and so out of logs).
    public override string ToString() => $"{Name} @ {BaseUrl}";
}

/// <summary>Connect, first-byte (response headers) and whole-answer timeouts for one model.</summary>
internal sealed record UpstreamTimeouts(TimeSpan Connect, TimeSpan FirstByte, TimeSpan Total, TimeSpan Idle)
{
    /// <summary>The model's own timeouts where it sets them, else the gateway-wide ones.</summary>
    public static UpstreamTimeouts From(CatalogOptions gateway, ModelEndpointOptions? model = null) => new(
        TimeSpan.FromSeconds(model?.ConnectTimeoutSeconds ?? gateway.ConnectTimeoutSeconds),
        TimeSpan.FromSeconds(model?.FirstByteTimeoutSeconds ?? gateway.FirstByteTimeoutSeconds),
        TimeSpan.FromSeconds(model?.UpstreamTimeoutSeconds ?? gateway.UpstreamTimeoutSeconds),
        TimeSpan.FromSeconds(model?.StreamIdleTimeoutSeconds ?? gateway.StreamIdleTimeoutSeconds));
}

/// <summary>
/// The HTTP version a model's requests ask for, and how strictly, as YARP's cluster config says it. The default is
/// YARP's: HTTP/2, or lower when the upstream does not offer it; over plain <c>http://</c> that is HTTP/1.1, and
/// <c>RequestVersionExact</c> makes it HTTP/2 with prior knowledge (h2c).
/// </summary>
internal sealed record UpstreamHttp(Version Version, HttpVersionPolicy Policy)
{
    public static readonly UpstreamHttp Default = new(HttpVersion.Version20, HttpVersionPolicy.RequestVersionOrLower);

    /// <summary>The model's own version and policy where it sets them, else the gateway-wide ones.</summary>
    public static UpstreamHttp From(CatalogOptions gateway, ModelEndpointOptions? model = null) =>
        new(Parse(model?.HttpVersion ?? gateway.HttpVersion)!, model?.HttpVersionPolicy ?? gateway.HttpVersionPolicy);

    /// <summary><c>1.0</c>, <c>1.1</c>, <c>2</c> or <c>3</c> (<c>2.0</c> and <c>3.0</c> too); null for anything else.</summary>
    public static Version? Parse(string? text) => text?.Trim() switch
    {
        "1.0" => HttpVersion.Version10,
        "1.1" => HttpVersion.Version11,
        "2" or "2.0" => HttpVersion.Version20,
        "3" or "3.0" => HttpVersion.Version30,
        _ => null,
    };
}
