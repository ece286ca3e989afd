using System.Buffers;
using System.Text.Json;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// Passes an SSE stream through event by event, leaving out the usage-only chunk (<c>"choices": []</c> with a
/// <c>usage</c> object) that the gateway asked the upstream for on the client's behalf. Bytes are held only
/// until their event is complete; events without the word "usage" are not parsed.
/// </summary>
internal sealed class UsageChunkFilter
{
    private readonly ArrayBufferWriter<byte> _pending = new(1024);

    public async Task WriteAsync(Stream client, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        _pending.Write(data.Span);
        var held = _pending.WrittenMemory;
        var start = 0;
        int end;
        while ((end = EventEnd(held.Span[start..])) >= 0)
        {
            var ev = held.Slice(start, end);
            if (!IsUsageOnly(ev.Span)) await client.WriteAsync(ev, ct);
            start += end;
        }
        if (start == 0) return;
        var rest = held[start..].ToArray();
        _pending.Clear();
        _pending.Write(rest);
    }

    public async Task FlushAsync(Stream client, CancellationToken ct)
    {
        if (_pending.WrittenCount > 0 && !IsUsageOnly(_pending.WrittenSpan)) await client.WriteAsync(_pending.WrittenMemory, ct);
        _pending.Clear();
    }

    /// <summary>The length of the first complete event (through its blank line), or -1.</summary>
    private static int EventEnd(ReadOnlySpan<byte> bytes)
    {
        var lf = bytes.IndexOf("\n\n"u8);
        var crlf = bytes.IndexOf("\r\n\r\n"u8);
        if (lf < 0 && crlf < 0) return -1;
        return crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf + 2;
    }

    internal static bool IsUsageOnly(ReadOnlySpan<byte> ev)
    {
        if (ev.IndexOf("\"usage\""u8) < 0) return false;
        var data = ev.TrimEnd("\r\n"u8);
        if (!data.StartsWith("data:"u8)) return false;
        try
        {
            using var json = JsonDocument.Parse(data["data:".Length..].ToArray());
            var root = json.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array
                && choices.GetArrayLength() == 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
