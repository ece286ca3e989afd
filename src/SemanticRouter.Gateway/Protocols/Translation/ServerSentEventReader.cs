using System.Buffers;
using System.Text;

namespace SemanticRouter.Gateway.Protocols.Translation;

/// <summary>Splits an SSE byte stream into complete events (<c>event:</c> name, <c>data:</c> text), holding back a partial one.</summary>
internal sealed class ServerSentEventReader
{
    private readonly ArrayBufferWriter<byte> _pending = new(1024);

    public void Read(ReadOnlySpan<byte> data, Action<string?, string> onEvent)
    {
        _pending.Write(data);
        var span = _pending.WrittenSpan;
        var consumed = 0;
        int end;
        while ((end = EventEnd(span[consumed..], out var separator)) >= 0)
        {
            Parse(span.Slice(consumed, end), onEvent);
            consumed += end + separator;
        }
        var rest = span[consumed..].ToArray();
        _pending.Clear();
        _pending.Write(rest);
    }

    /// <summary>An event left without its blank line at the end of the stream still counts.</summary>
    public void End(Action<string?, string> onEvent)
    {
        if (_pending.WrittenCount > 0) Parse(_pending.WrittenSpan, onEvent);
        _pending.Clear();
    }

    private static int EventEnd(ReadOnlySpan<byte> bytes, out int separator)
    {
        var lf = bytes.IndexOf("\n\n"u8);
        var crlf = bytes.IndexOf("\r\n\r\n"u8);
        if (crlf >= 0 && (lf < 0 || crlf < lf))
        {
            separator = 4;
            return crlf;
        }
        separator = 2;
        return lf;
    }

    private static void Parse(ReadOnlySpan<byte> ev, Action<string?, string> onEvent)
    {
        string? name = null;
        var data = new StringBuilder();
        foreach (var range in ev.Split((byte)'\n'))
        {
            var line = ev[range].TrimEnd((byte)'\r');
            if (line.StartsWith("event:"u8)) name = Encoding.UTF8.GetString(line[6..].TrimStart((byte)' '));
            else if (line.StartsWith("data:"u8))
            {
                if (data.Length > 0) data.Append('\n');
                data.Append(Encoding.UTF8.GetString(line[5..].TrimStart((byte)' ')));
            }
        }
        if (data.Length > 0) onEvent(name, data.ToString());
    }
}
