using System.Buffers;
using SemanticRouter.Gateway.Health;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Protocols;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// A taken answer's body between the upstream and YARP's copy to the client, read by read: it keeps a copy for the
/// flywheel, turns the upstream's protocol into the client's (or leaves out the usage chunk the client did not ask
/// for), holds back the answer's end (a stream's terminator, a whole answer's last byte) until <c>beforeEnd</c> has run
/// on the complete answer, and restarts the idle timeout before each read. A failure of the upstream (reset, timeout, a
/// stream without its terminator) is not YARP's to see: YARP would abort the client's connection, where a stream must
/// end with an error event. The relay ends the body cleanly instead and says why in <see cref="Cut"/>; a client that
/// went away still reaches YARP as a cancellation, so that it cancels the upstream call.
/// </summary>
internal sealed class RelayStream : Stream
{
    private const int ReadSize = 16 * 1024;
    private readonly UpstreamCall _call;
    private readonly Stream _source;
    private readonly IAnswerRelay? _events;
    private readonly Func<UpstreamAnswer, ValueTask>? _beforeEnd;
    private readonly CancellationToken _clientAborted;
    private readonly CancellationTokenSource _idle;
    private readonly TimeSpan _idleTimeout;
    private readonly CappedBuffer _copy;
    private readonly LastBytes _end = new();
    private readonly ArrayBufferWriter<byte> _held = new(64);
    private readonly ArrayBufferWriter<byte> _out = new(1024); // grows to what one read turns into
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
    private int _taken;
    private bool _done;
    private double? _ttftMs;

    public RelayStream(UpstreamCall call, Stream source, bool streaming, IAnswerRelay? events, Func<UpstreamAnswer, ValueTask>? beforeEnd,
        long maxCapturedBytes, CancellationToken clientAborted)
    {
        _call = call;
        _source = source;
        Streaming = streaming;
        _events = events;
        _beforeEnd = beforeEnd;
        _clientAborted = clientAborted;
        _copy = new CappedBuffer(maxCapturedBytes);
        // Between reads the answer may go quiet for the idle timeout at most, within the whole-answer timeout.
        _idle = CancellationTokenSource.CreateLinkedTokenSource(call.Token);
        _idleTimeout = call.Timeouts.Idle;
    }

    public bool Streaming { get; }

    /// <summary>Why the answer broke off, once it did.</summary>
    public string? Cut { get; private set; }

    /// <summary>True once the whole answer, its end included, was handed to YARP.</summary>
    public bool Completed { get; private set; }

    /// <summary>The complete answer, once the upstream's body ended with it.</summary>
    public UpstreamAnswer? Answer { get; private set; }

    /// <summary>
    /// Reads what goes to the client next, waiting for the upstream when nothing is ready (a zero-byte read, as YARP
    /// makes before each read, waits the same way). YARP's token is not used: the client leaving and the call's
    /// timeout, which cancel it, cancel the idle token too.
    /// </summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _taken < _out.WrittenCount || _done ? new ValueTask<int>(Take(buffer.Span)) : FillThenTakeAsync(buffer);

    /// <summary>Copies out what is ready (0 at the end, or for a zero-byte read).</summary>
    private int Take(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _out.WrittenCount - _taken);
        _out.WrittenSpan.Slice(_taken, n).CopyTo(buffer);
        _taken += n;
        return n;
    }

    /// <summary>Reads the upstream until something may go to the client (or the answer has ended), then copies it out.</summary>
    private async ValueTask<int> FillThenTakeAsync(Memory<byte> buffer)
    {
        while (_taken == _out.WrittenCount && !_done)
        {
            _out.ResetWrittenCount();
            _taken = 0;
            int read;
            try
            {
                if (_idleTimeout > TimeSpan.Zero) _idle.CancelAfter(_idleTimeout);
                read = await _source.ReadAsync(_buffer!, _idle.Token);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException && !_clientAborted.IsCancellationRequested)
            {
                _done = true;
                Cut = e is not OperationCanceledException ? e.Message
                    : _call.Token.IsCancellationRequested ? "the answer took longer than the upstream timeout"
                    : $"no bytes for {_idleTimeout.TotalSeconds:0.#} s (the stream idle timeout)";
                break;
            }
            if (read > 0)
            {
                Arrived(_buffer.AsSpan(0, read));
                continue;
            }
            _done = true;
            _idle.CancelAfter(Timeout.InfiniteTimeSpan); // the answer is in; what follows is the gateway's own work
            // A stream's body may end cleanly without its terminator: the upstream stopped mid-answer.
            if (Streaming && _call.Model.Protocol.TerminatorLength(_end.Span) == 0)
            {
                Cut = "the stream ended without its terminator ([DONE])";
                break;
            }
            _call.End(CircuitBreaker.Outcome.Success);
            Answer = Ended(null);
            if (_beforeEnd is not null) await _beforeEnd(Answer);
            Send(_held.WrittenSpan);
            _events?.Flush(_out);
            Completed = true;
        }
        return Take(buffer.Span);
    }

    /// <summary>What one read of the upstream brought: kept for the flywheel, and sent on but for what may be the answer's end.</summary>
    private void Arrived(ReadOnlySpan<byte> data)
    {
        _ttftMs ??= _call.Clock.Elapsed.TotalMilliseconds;
        _copy.Write(data);
        _end.Write(data);
        Send(_held.WrittenSpan);
        _held.ResetWrittenCount();
        // What may be the answer's end waits: a stream's terminator (its events before it go out as they come), a
        // whole answer's last byte (a JSON body is of no use to the client before it is whole).
        var hold = Streaming ? Math.Min(data.Length, _call.Model.Protocol.TerminatorLength(_end.Span)) : 1;
        Send(data[..^hold]);
        _held.Write(data[^hold..]);
    }

    private void Send(ReadOnlySpan<byte> bytes)
    {
        if (_events is null) _out.Write(bytes);
        else _events.Write(_out, bytes);
    }

    /// <summary>What the flywheel gets of the answer so far: complete (no error), or broken off with <paramref name="error"/>.</summary>
    public UpstreamAnswer Ended(string? error) => new((int)_call.Response!.StatusCode, _copy.Written, Streaming, _copy.Overflowed,
        _call.Clock.Elapsed.TotalMilliseconds, Streaming ? _ttftMs : null, error);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _idle.Dispose();
            _source.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The last bytes of an answer, across reads: enough for any protocol's stream terminator.</summary>
    private sealed class LastBytes
    {
        private readonly byte[] _bytes = new byte[64];
        private int _length;

        public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _length);

        public void Write(ReadOnlySpan<byte> data)
        {
            if (data.Length >= _bytes.Length)
            {
                data[^_bytes.Length..].CopyTo(_bytes);
                _length = _bytes.Length;
                return;
            }
            var keep = Math.Min(_length, _bytes.Length - data.Length);
            _bytes.AsSpan(_length - keep, keep).CopyTo(_bytes);
            data.CopyTo(_bytes.AsSpan(keep));
            _length = keep + data.Length;
        }
    }

    /// <summary>Keeps the first <c>limit</c> bytes written and notes whether more came.</summary>
    private sealed class CappedBuffer(long limit)
    {
        private readonly ArrayBufferWriter<byte> _bytes = new(4096);

        public bool Overflowed { get; private set; }
        public ReadOnlyMemory<byte> Written => _bytes.WrittenMemory;

        public void Write(ReadOnlySpan<byte> data)
        {
            var room = (int)Math.Max(0, limit - _bytes.WrittenCount);
            if (data.Length > room) Overflowed = true;
            _bytes.Write(data[..Math.Min(room, data.Length)]);
        }
    }
}
