using System.Text.Json.Serialization;

namespace SemanticRouter.Contracts;

public sealed record ModelList(
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("data")] IReadOnlyList<ModelInfo> Data);

/// <summary>
/// One model as <c>GET /v1/models</c> lists it. <c>price_per_1k_tokens</c> is our extension (OpenAI has no
/// price field); the gateway reads it when present and otherwise takes prices from its config. <c>protocol</c>, also
/// ours, names an upstream model that speaks another API than Chat Completions (<c>anthropic-messages</c>); <c>accepts</c>
/// the media it takes besides text (<c>image</c>, <c>audio</c>, <c>file</c>).
/// </summary>
public sealed record ModelInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy,
    [property: JsonPropertyName("price_per_1k_tokens")] double? PricePer1kTokens = null,
    [property: JsonPropertyName("protocol")] string? Protocol = null,
    [property: JsonPropertyName("accepts")] IReadOnlyList<string>? Accepts = null);
