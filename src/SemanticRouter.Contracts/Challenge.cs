using System.Text.Json.Serialization;

namespace SemanticRouter.Contracts;

/// <summary><c>POST /v1/evaluate</c> request of the challenge's mock service.</summary>
public sealed record EvaluateRequest(
    [property: JsonPropertyName("question")] string? Question,
    [property: JsonPropertyName("answer")] string? Answer);

/// <summary>A score in [0, 1], or -1 for an unknown question or an answer that cannot be attributed.</summary>
public sealed record EvaluateResponse([property: JsonPropertyName("score")] double Score);

/// <summary><c>GET /questions</c>: <c>{"questions": [{"id", "question"}]}</c>.</summary>
public sealed record QuestionList([property: JsonPropertyName("questions")] IReadOnlyList<QuestionItem> Questions);

public sealed record QuestionItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("question")] string Question);
