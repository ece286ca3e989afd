using System.Text.Json.Serialization;

namespace SemanticRouter.Recording;

/// <summary>
/// One line of the journal. Exactly one property is set: a new row, a score for a row written earlier, or the
/// two halves of a move to Parquet (begin names the file and its rows; end says the file is in place).
/// </summary>
internal sealed record JournalEntry
{
    [JsonPropertyName("row")] public FlywheelRow? Row { get; init; }
    [JsonPropertyName("score")] public ScoreUpdate? Score { get; init; }
    [JsonPropertyName("flush_begin")] public FlushMarker? FlushBegin { get; init; }
    [JsonPropertyName("flush_end")] public FlushMarker? FlushEnd { get; init; }
}

internal sealed record ScoreUpdate(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("value")] double? Value);

internal sealed record FlushMarker(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("keys")] IReadOnlyList<string>? Keys);
