using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SemanticRouter.Gateway.Protocols.Translation;

/// <summary>JSON and SSE events written straight into the client's buffer, UTF-8 text kept as it is.</summary>
internal static class JsonOut
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Json(IBufferWriter<byte> output, Action<Utf8JsonWriter> write)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        write(writer);
    }

    /// <summary><c>event: name</c> (when named), <c>data: {json}</c>, a blank line.</summary>
    public static void Event(IBufferWriter<byte> output, string? name, Action<Utf8JsonWriter> write)
    {
        if (name is not null)
        {
            output.Write("event: "u8);
            output.Write(System.Text.Encoding.UTF8.GetBytes(name));
            output.Write("\n"u8);
        }
        output.Write("data: "u8);
        Json(output, write);
        output.Write("\n\n"u8);
    }

    /// <summary>Writes a JSON text held as a string (tool arguments) as raw JSON, or as an empty object when it is not JSON.</summary>
    public static void RawObject(Utf8JsonWriter writer, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            document.RootElement.WriteTo(writer);
        }
        catch (JsonException)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
    }
}

/// <summary>Reads a whole JSON answer at the end: it is held until then.</summary>
internal abstract class WholeAnswerReader : IAnswerReader
{
    private readonly ArrayBufferWriter<byte> _body = new(4096);

    public void Read(ReadOnlySpan<byte> data, List<AnswerPart> parts) => _body.Write(data);

    public void End(List<AnswerPart> parts)
    {
        try
        {
            using var document = JsonDocument.Parse(_body.WrittenMemory);
            Read(document.RootElement, parts);
        }
        catch (JsonException)
        {
            parts.Add(new ErrorPart("The upstream's answer is not valid JSON.", "upstream_error"));
        }
    }

    protected abstract void Read(JsonElement answer, List<AnswerPart> parts);
}

/// <summary>Reads an SSE answer event by event.</summary>
internal abstract class StreamAnswerReader : IAnswerReader
{
    private readonly ServerSentEventReader _events = new();

    public void Read(ReadOnlySpan<byte> data, List<AnswerPart> parts) => _events.Read(data, (name, json) => Event(name, json, parts));

    public void End(List<AnswerPart> parts) => _events.End((name, json) => Event(name, json, parts));

    private void Event(string? name, string data, List<AnswerPart> parts)
    {
        if (data == "[DONE]") return;
        try
        {
            using var document = JsonDocument.Parse(data);
            Read(name, document.RootElement, parts);
        }
        catch (JsonException)
        {
            // a malformed event counts for nothing, as when the gateway reads a stream for the flywheel
        }
    }

    protected abstract void Read(string? name, JsonElement data, List<AnswerPart> parts);
}

internal static class JsonElements
{
    public static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static int? Int(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    public static JsonElement? Obj(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? v : null;
}

internal static class TranslationJson
{
    /// <summary>Requests written for upstreams keep UTF-8 text as it is, as clients send it.</summary>
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
