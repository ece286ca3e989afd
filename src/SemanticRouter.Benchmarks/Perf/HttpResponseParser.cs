using System.Globalization;
using System.Text;

namespace SemanticRouter.Benchmarks.Perf;

/// <summary>
/// Reads one HTTP/1.1 response as its bytes arrive, however they are split: the head, then a body delimited by
/// <c>Content-Length</c>, by chunked transfer coding, or by the connection closing. Says when the first body
/// byte has been seen (time to first byte, for a stream the first event) and when the response is complete.
/// </summary>
internal sealed class HttpResponseParser
{
    private enum State { Head, ChunkSize, ChunkData, ChunkEnd, Trailer, Body, UntilClose, Done }

    private readonly List<byte> _line = new(512);
    private State _state = State.Head;
    private long _remaining;

    public int Status { get; private set; }
    public bool KeepAlive { get; private set; } = true;
    public bool BodyStarted { get; private set; }
    public bool Complete => _state == State.Done;

    /// <summary>Consumes this response's bytes from <paramref name="data"/>; returns how many (the rest belongs to the next response).</summary>
    public int Feed(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && _state != State.Done)
        {
            switch (_state)
            {
                case State.Head:
                    _line.Add(data[i++]);
                    if (EndsWith("\r\n\r\n"u8)) ReadHead();
                    break;
                case State.ChunkSize:
                    _line.Add(data[i++]);
                    if (EndsWith("\n"u8)) ReadChunkSize();
                    break;
                case State.ChunkData or State.Body:
                    var n = (int)Math.Min(_remaining, data.Length - i);
                    i += n;
                    _remaining -= n;
                    BodyStarted = true;
                    if (_remaining == 0) (_state, _remaining) = _state == State.Body ? (State.Done, 0) : (State.ChunkEnd, 2);
                    break;
                case State.ChunkEnd:
                    i++;
                    if (--_remaining == 0) _state = State.ChunkSize;
                    break;
                case State.Trailer:
                    _line.Add(data[i++]);
                    if (!EndsWith("\n"u8)) break;
                    if (_line.Count <= 2) _state = State.Done; // the empty line after the last chunk (and any trailers)
                    _line.Clear();
                    break;
                case State.UntilClose:
                    BodyStarted = true;
                    i = data.Length;
                    break;
            }
        }
        return i;
    }

    /// <summary>The server closed the connection: the end of a body delimited by closing, else a cut response.</summary>
    public void EndOfStream()
    {
        if (_state == State.UntilClose) _state = State.Done;
        KeepAlive = false;
    }

    private bool EndsWith(ReadOnlySpan<byte> end)
    {
        if (_line.Count < end.Length) return false;
        for (var k = 0; k < end.Length; k++)
            if (_line[_line.Count - end.Length + k] != end[k]) return false;
        return true;
    }

    private void ReadHead()
    {
        var lines = Encoding.Latin1.GetString(_line.ToArray()).Split("\r\n");
        _line.Clear();
        var statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(statusLine[1], out var status))
            throw new InvalidDataException($"Not an HTTP/1.x status line: '{lines[0]}'");
        Status = status;
        KeepAlive = statusLine[0] == "HTTP/1.1";
        long? length = null;
        var chunked = false;
        foreach (var header in lines.Skip(1))
        {
            var colon = header.IndexOf(':');
            if (colon <= 0) continue;
            var name = header[..colon].Trim();
            var value = header[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) length = long.Parse(value, CultureInfo.InvariantCulture);
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                KeepAlive = value.Equals("keep-alive", StringComparison.OrdinalIgnoreCase) || KeepAlive && !value.Equals("close", StringComparison.OrdinalIgnoreCase);
        }
        if (status is >= 100 and < 200 or 204 or 304) _state = State.Done;
        else if (chunked) _state = State.ChunkSize;
        else if (length is { } n) (_state, _remaining) = n == 0 ? (State.Done, 0L) : (State.Body, n);
        else (_state, KeepAlive) = (State.UntilClose, false);
    }

    private void ReadChunkSize()
    {
        var text = Encoding.Latin1.GetString(_line.ToArray()).Trim();
        _line.Clear();
        var extension = text.IndexOf(';');
        var size = long.Parse(extension < 0 ? text : text[..extension], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        (_state, _remaining) = size == 0 ? (State.Trailer, 0) : (State.ChunkData, size);
    }
}
