using System.Text.Json.Serialization;

namespace SemanticRouter.Contracts;

/// <summary>The OpenAI error body: <c>{"error": {"message", "type", "code"}}</c>.</summary>
public sealed record OpenAiErrorBody([property: JsonPropertyName("error")] OpenAiError Error);

public sealed record OpenAiError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("param")] string? Param = null);
