namespace SemanticRouter.Gateway;

/// <summary>An error the client gets as an OpenAI error body with the given HTTP status.</summary>
internal sealed class GatewayException(int status, string message, string type, string code) : Exception(message)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string Code { get; } = code;

    /// <summary>When set, the client is told (<c>Retry-After</c>) when trying again may succeed.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>True for failures of an upstream model, which a routed request may fall back from.</summary>
    public bool IsUpstreamFailure => Type == "upstream_error";

    public static GatewayException ModelNotFound(string model) =>
        new(404, $"The model '{model}' does not exist or is not served by this gateway.", "invalid_request_error", "model_not_found");

    public static GatewayException TooLarge(long limit) =>
        new(413, $"The request body is larger than the limit of {limit} bytes.", "invalid_request_error", "request_too_large");

    public static GatewayException UpstreamUnreachable(string model, string reason) =>
        new(502, $"The upstream for model '{model}' could not be reached: {reason}", "upstream_error", "upstream_unreachable");

    public static GatewayException UpstreamTimeout(string model) =>
        new(504, $"The upstream for model '{model}' did not answer in time.", "upstream_error", "upstream_timeout");

    /// <summary>The upstream kept failing; a 503 passes on when it said to try again (its own <c>Retry-After</c>).</summary>
    public static GatewayException UpstreamFailed(string model, int upstreamStatus, TimeSpan? retryAfter = null) =>
        new(upstreamStatus is 503 or 429 ? 503 : 502,
            $"The upstream for model '{model}' failed (HTTP {upstreamStatus}) on every attempt.", "upstream_error", "upstream_failed")
        { RetryAfter = upstreamStatus is 503 or 429 ? retryAfter : null };

    public static GatewayException CircuitOpen(string model, TimeSpan? retryAfter) =>
        new(503, $"Model '{model}' is failing and is skipped until it recovers.", "upstream_error", "model_unavailable")
        { RetryAfter = retryAfter };

    /// <summary>No model (or not the one named) takes the request's media; Gateway:Models[i].Accepts says which do.</summary>
    public static GatewayException NoModelTakes(IReadOnlySet<string> media, string? model = null) =>
        new(400, $"{(model is null ? "No model in the catalog" : $"Model '{model}'")} accepts {string.Join(" and ", media.Order())} input.",
            "invalid_request_error", "unsupported_content");

    public static GatewayException NoModels() =>
        new(503, "No models are available: the catalog is empty.", "server_error", "no_models");
}
