using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SemanticRouter.Recording;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UtcMicrosecondsConverter)])]
[JsonSerializable(typeof(FlywheelRow))]
[JsonSerializable(typeof(JournalEntry))]
internal sealed partial class RecordingJsonContext : JsonSerializerContext
{
    /// <summary>UTF-8 text as is (questions are often Chinese); the journal and batch files stay readable.</summary>
    public static RecordingJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new UtcMicrosecondsConverter() },
    });

    /// <summary>A row as one JSON line's bytes: what the journal and the staged Parquet files both hold.</summary>
    public static byte[] Utf8(FlywheelRow row) => JsonSerializer.SerializeToUtf8Bytes(row, Relaxed.FlywheelRow);
}

/// <summary>Timestamps as UTC with microseconds (<c>2026-11-21T23:45:00.123456Z</c>), the precision Parquet keeps.</summary>
internal sealed class UtcMicrosecondsConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> text = stackalloc byte[32];
        value.UtcDateTime.TryFormat(text, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..written]);
    }
}
