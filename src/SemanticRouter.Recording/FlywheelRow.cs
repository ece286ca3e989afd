using System.Text.Json.Serialization;

namespace SemanticRouter.Recording;

/// <summary>
/// One model answer the gateway saw: the unit the router learns from. Property names are the Parquet column
/// names (documented in datasets/README.md); <see cref="FlywheelSchema"/> gives their types.
/// </summary>
public sealed record FlywheelRow
{
    [JsonPropertyName("request_id")] public required string RequestId { get; init; }
    [JsonPropertyName("ts")] public required DateTimeOffset Ts { get; init; }

    /// <summary><c>routed</c>, <c>shadow</c>, <c>training</c>, <c>explicit</c>, or <c>feedback</c> (a client's rating of an answer).</summary>
    [JsonPropertyName("mode")] public required string Mode { get; init; }

    [JsonPropertyName("question")] public required string Question { get; init; }

    /// <summary>The model that produced this answer.</summary>
    [JsonPropertyName("model")] public required string Model { get; init; }

    [JsonPropertyName("answer")] public string Answer { get; init; } = "";
    [JsonPropertyName("latency_ms")] public double LatencyMs { get; init; }
    [JsonPropertyName("ttft_ms")] public double? TtftMs { get; init; }
    [JsonPropertyName("prompt_tokens")] public int? PromptTokens { get; init; }
    [JsonPropertyName("completion_tokens")] public int? CompletionTokens { get; init; }
    [JsonPropertyName("cost")] public double Cost { get; init; }

    /// <summary>The evaluate score (a feedback row: the client's rating); -1 when the evaluator refused, null when scoring failed or never ran.</summary>
    [JsonPropertyName("score")] public double? Score { get; init; }

    [JsonPropertyName("router_version")] public string RouterVersion { get; init; } = "";

    /// <summary>The model whose answer the client got.</summary>
    [JsonPropertyName("chosen_model")] public string ChosenModel { get; init; } = "";

    [JsonPropertyName("messages_sha256")] public string? MessagesSha256 { get; init; }

    /// <summary>The routing decision's candidates with their utilities, as compact text (<c>m=u;m=u</c>).</summary>
    [JsonPropertyName("candidates")] public string? Candidates { get; init; }

    [JsonPropertyName("status")] public int Status { get; init; } = 200;

    /// <summary>What went wrong, when the answer is missing or cut (null when all went well).</summary>
    [JsonPropertyName("error")] public string? Error { get; init; }

    /// <summary>The API the client spoke (<c>openai-chat</c>, <c>openai-responses</c>, <c>anthropic-messages</c>).</summary>
    [JsonPropertyName("protocol")] public string? Protocol { get; init; }
    /// <summary>A feedback row's comment, as the client wrote it.</summary>
    [JsonPropertyName("comment")] public string? Comment { get; init; }

    /// <summary>A shadow row's pairwise verdict (<c>Evaluation:JudgeMode</c> pairwise): the routed answer against this one, <c>win</c>, <c>tie</c> or <c>loss</c>.</summary>
    [JsonPropertyName("verdict")] public string? Verdict { get; init; }

    /// <summary>Identifies the row across its journal entries: one answer per (request, model, mode).</summary>
    [JsonIgnore] public string Key => KeyOf(RequestId, Model, Mode);

    /// <summary>The <see cref="Key"/> of the row for an answer, without the row (a score is set by key).</summary>
    public static string KeyOf(string requestId, string model, string mode) => $"{requestId}|{model}|{mode}";
}
