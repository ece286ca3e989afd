using System.Text.Json.Serialization;

namespace SemanticRouter.Contracts;

public sealed record ModelList(
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("data")] IReadOnlyList<ModelInfo> Data);

/// <summary>
/// One model as <c>GET /v1/models</c> lists it. <c>price_per_1k_tokens</c> is our extension (OpenAI has no
/// price field); the gateway reads it when present and otherwise takes prices from its config.
/// </summary>
public sealed record ModelInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy,
    [property: JsonPropertyName("price_per_1k_tokens")] double? PricePer1kTokens = null);
