namespace SemanticRouter.Gateway.Catalog;

/// <summary>Which models the gateway serves and how each is reached, read from the <c>Gateway</c> section.</summary>
internal sealed class CatalogOptions
{
    public const string Section = "Gateway";

    /// <summary>
    /// Base URL of an OpenAI-compatible service that serves every model (and <c>/v1/evaluate</c>). The catalog
    /// is read from its <c>GET /v1/models</c>. May be empty when <see cref="Models"/> lists every model.
    /// </summary>
    public string? Upstream { get; set; }

    /// <summary>Name of the environment variable that holds the upstream's API key, if it needs one.</summary>
    public string? UpstreamApiKeyEnv { get; set; }

    /// <summary>Models listed one by one (they are added to, and override, what the upstream lists).</summary>
    public List<ModelEndpointOptions> Models { get; set; } = [];

    /// <summary>Price per 1,000 tokens by model name; wins over a price the upstream lists.</summary>
    public Dictionary<string, double> Prices { get; set; } = [];

    /// <summary>
    /// The model <c>POST /v1/embeddings</c> goes to when the request says <c>auto</c> or no model: a catalog model, or a
    /// model name the upstream serves. Unset: such requests get a 404.
    /// </summary>
    public string? EmbeddingModel { get; set; }

    public int CatalogRefreshSeconds { get; set; } = 60;
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>How long an upstream may take to send its response headers (its first byte).</summary>
    public int FirstByteTimeoutSeconds { get; set; } = 30;

    /// <summary>How long a whole upstream answer may take, stream included.</summary>
    public int UpstreamTimeoutSeconds { get; set; } = 300;

    /// <summary>How long an answer may go without a byte once it has started (a stalled stream ends with an error event).</summary>
    public int StreamIdleTimeoutSeconds { get; set; } = 30;

    /// <summary>Answers in flight to one model at most (0: no cap); a model's catalog entry may set its own.</summary>
    public int MaxConcurrentRequests { get; set; } = 256;

    /// <summary>Requests waiting for one of a model's in-flight slots at most; past it, and past the cap, a 503 at once.</summary>
    public int MaxQueuedRequests { get; set; } = 64;

    /// <summary>The HTTP version requests to upstreams ask for: <c>1.0</c>, <c>1.1</c>, <c>2</c>, <c>3</c> (see <see cref="UpstreamHttp"/>).</summary>
    public string HttpVersion { get; set; } = "2";

    /// <summary>Whether an upstream may answer in a lower (or higher) version than <see cref="HttpVersion"/>.</summary>
    public HttpVersionPolicy HttpVersionPolicy { get; set; } = HttpVersionPolicy.RequestVersionOrLower;
}

internal sealed class ModelEndpointOptions
{
    public string Name { get; set; } = "";
    public string BaseUrl { get; set; } = "";

    /// <summary>The model name the provider expects, when it differs from <see cref="Name"/>.</summary>
    public string? UpstreamModel { get; set; }

    /// <summary>Name of the environment variable that holds this provider's API key (never the key itself).</summary>
    public string? ApiKeyEnv { get; set; }

    public double? PricePer1kTokens { get; set; }

    /// <summary>
    /// The provider style: <c>openai</c> (Chat Completions under the base URL, a Bearer key; the default),
    /// <c>azure</c> (Azure OpenAI: <c>/openai/deployments/{UpstreamModel}/chat/completions?api-version=…</c>, an
    /// <c>api-key</c> header) or <c>anthropic</c> (Anthropic Messages: <c>/v1/messages</c>, <c>x-api-key</c>, <c>anthropic-version</c>).
    /// </summary>
    public string Provider { get; set; } = "openai";

    /// <summary>The media the model takes besides text: <c>image</c>, <c>audio</c>, <c>file</c>; a request holding other media is not sent to it.</summary>
    public List<string> Accepts { get; set; } = [];

    /// <summary>Azure's <c>api-version</c>, or the <c>anthropic-version</c> header; unset: each provider's default.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>Per-model timeouts; unset ones use the gateway-wide values.</summary>
    public int? ConnectTimeoutSeconds { get; set; }
    public int? FirstByteTimeoutSeconds { get; set; }
    public int? UpstreamTimeoutSeconds { get; set; }
    public int? StreamIdleTimeoutSeconds { get; set; }

    /// <summary>This model's concurrency caps; unset ones use <c>Gateway:MaxConcurrentRequests</c> and <c>Gateway:MaxQueuedRequests</c>.</summary>
    public int? MaxConcurrentRequests { get; set; }
    public int? MaxQueuedRequests { get; set; }

    /// <summary>Per-model HTTP version and policy (<c>2</c> with <c>RequestVersionExact</c>: h2c); unset: the gateway-wide ones.</summary>
    public string? HttpVersion { get; set; }
    public HttpVersionPolicy? HttpVersionPolicy { get; set; }
}
