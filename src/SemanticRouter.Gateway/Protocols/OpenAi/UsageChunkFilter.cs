using System.Buffers;
using System.Text.Json;

namespace SemanticRouter.Gateway.Protocols.OpenAi;

/// <summary>
/// Passes an SSE stream through event by event, leaving out the usage-only chunk (<c>"choices": []</c> with a
/// <c>usage</c> object) that the gateway asked the upstream for on the client's behalf. Bytes are held only
/// until their event is complete; events without the word "usage" are not parsed.
/// </summary>
internal sealed class UsageChunkFilter : IAnswerRelay
{
    private readonly ArrayBufferWriter<byte> _pending = new(1024);

    /// <summary>Writes the complete events in what has arrived so far (minus a usage-only one); holds back the rest.</summary>
    public void Write(IBufferWriter<byte> client, ReadOnlySpan<byte> data)
    {
        if (_pending.WrittenCount == 0)
        {
            // The usual case: nothing held back, so events go straight from the read buffer.
            var rest = WriteEvents(client, data);
            _pending.Write(rest);
            return;
        }
        _pending.Write(data);
        var left = WriteEvents(client, _pending.WrittenSpan).ToArray();
        _pending.Clear();
        _pending.Write(left);
    }

    /// <summary>Writes what is still held back at the end of the stream (unless it is a usage-only event).</summary>
    public void Flush(IBufferWriter<byte> client)
    {
        if (_pending.WrittenCount > 0 && !IsUsageOnly(_pending.WrittenSpan)) client.Write(_pending.WrittenSpan);
        _pending.Clear();
    }

    /// <summary>Writes every complete event of <paramref name="data"/> but a usage-only one; returns the incomplete tail.</summary>
    private static ReadOnlySpan<byte> WriteEvents(IBufferWriter<byte> client, ReadOnlySpan<byte> data)
    {
        int end;
        while ((end = EventEnd(data)) >= 0)
        {
            if (!IsUsageOnly(data[..end])) client.Write(data[..end]);
            data = data[end..];
        }
        return data;
    }

    /// <summary>The length of the first complete event (through its blank line), or -1.</summary>
    private static int EventEnd(ReadOnlySpan<byte> bytes)
    {
        var lf = bytes.IndexOf("\n\n"u8);
        var crlf = bytes.IndexOf("\r\n\r\n"u8);
        if (lf < 0 && crlf < 0) return -1;
        return crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf + 2;
    }

    /// <summary>
    /// Whether an event is a usage-only chunk: a top-level <c>usage</c> object and an empty <c>choices</c> array. Read
    /// with a <see cref="Utf8JsonReader"/> on the event's bytes: upstreams that put <c>"usage": null</c> in every chunk
    /// send every event here.
    /// </summary>
    internal static bool IsUsageOnly(ReadOnlySpan<byte> ev)
    {
        if (ev.IndexOf("\"usage\""u8) < 0) return false;
        var data = ev.TrimEnd("\r\n"u8);
        if (!data.StartsWith("data:"u8)) return false;
        try
        {
            var reader = new Utf8JsonReader(data["data:".Length..]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            bool usage = false, noChoices = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader;
                reader.Read();
                if (name.ValueTextEquals("usage"u8)) usage = reader.TokenType == JsonTokenType.StartObject;
                else if (name.ValueTextEquals("choices"u8))
                    noChoices = reader.TokenType == JsonTokenType.StartArray && reader.Read() && reader.TokenType == JsonTokenType.EndArray;
                reader.Skip();
            }
            // The whole event must be valid JSON, as before: a cut event is relayed as it is.
            return usage && noChoices && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
