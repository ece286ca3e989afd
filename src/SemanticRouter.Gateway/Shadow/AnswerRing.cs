using System.Buffers.Binary;
using System.Text;

namespace SemanticRouter.Gateway.Shadow;

/// <summary>
/// The answers remembered for feedback, each written as bytes into one array used as a ring (the oldest overwritten
/// first) and found by a 64-bit hash of its request id. A dictionary of records would hold every answer's question
/// and ids as objects for minutes: at thousands of answers a second they live just long enough to be promoted, and
/// collecting them doubled the gateway's CPU per request (eval/perf/README.md). An array of bytes is no work for the
/// collector, and it bounds the memory in bytes as well as in answers.
/// </summary>
internal sealed class AnswerRing
{
    /// <summary>A longer question is kept cut to this many characters: a rating's row needs what routing reads, not a whole document.</summary>
    public const int MaxQuestionChars = 16_384;

    private readonly Lock _gate = new();
    private readonly byte[] _bytes;
    private readonly Slot[] _slots; // in the order written, from _first (the oldest)
    private readonly Dictionary<ulong, int> _index;
    private int _first, _count, _write;

    private readonly record struct Slot(ulong Hash, int Offset, int Length);

    public AnswerRing(int capacity, int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        _bytes = new byte[bytes];
        _slots = new Slot[capacity];
        _index = new Dictionary<ulong, int>(Math.Min(capacity, 1 << 16));
    }

    public int Count { get { lock (_gate) return _count; } }

    /// <summary>Remembers an answer, forgetting the oldest as room is needed; one larger than the whole ring is not kept.</summary>
    public void Add(RatedAnswer answer)
    {
        var question = answer.Question.Length > MaxQuestionChars ? answer.Question[..MaxQuestionChars] : answer.Question;
        var length = 24 + Size(answer.RequestId) + Size(answer.Key) + Size(question) + Size(answer.Model) + Size(answer.RouterVersion) + Size(answer.MessagesSha256);
        if (length > _bytes.Length) return;
        var hash = Hash(answer.RequestId);
        lock (_gate)
        {
            var wraps = _write + length > _bytes.Length;
            var offset = wraps ? 0 : _write;
            // The oldest answers lie just past the write position: the ring's tail when this one starts over at 0,
            // then those its bytes would overwrite.
            while (_count > 0 && (_count == _slots.Length || (wraps && _slots[_first].Offset >= _write) || Overlaps(_slots[_first], offset, length)))
                ForgetOldest();
            Write(_bytes.AsSpan(offset, length), answer, question);
            var slot = (_first + _count) % _slots.Length;
            _slots[slot] = new Slot(hash, offset, length);
            _index[hash] = slot;
            _count++;
            _write = offset + length;
        }
    }

    /// <summary>The answer given under this request id, if it is still remembered.</summary>
    public RatedAnswer? Find(string requestId)
    {
        var hash = Hash(requestId);
        lock (_gate)
        {
            if (!_index.TryGetValue(hash, out var slot)) return null;
            var s = _slots[slot];
            var answer = Read(_bytes.AsSpan(s.Offset, s.Length));
            return answer.RequestId == requestId ? answer : null; // two ids with one hash: only the newer is kept
        }
    }

    private void ForgetOldest()
    {
        var oldest = _slots[_first];
        if (_index.TryGetValue(oldest.Hash, out var slot) && slot == _first) _index.Remove(oldest.Hash);
        _first = (_first + 1) % _slots.Length;
        _count--;
        if (_count == 0) _write = 0;
    }

    private static bool Overlaps(Slot s, int offset, int length) => s.Offset < offset + length && offset < s.Offset + s.Length;

    private static ulong Hash(string id)
    {
        var h = 14695981039346656037UL; // FNV-1a
        foreach (var c in id) h = (h ^ c) * 1099511628211UL;
        return h;
    }

    private static int Size(string? s) => 4 + (s is null ? 0 : Encoding.UTF8.GetByteCount(s));

    private static void Write(Span<byte> to, RatedAnswer a, string question)
    {
        BinaryPrimitives.WriteInt64LittleEndian(to, a.At.UtcTicks);
        BinaryPrimitives.WriteDoubleLittleEndian(to[8..], a.LatencyMs);
        BinaryPrimitives.WriteDoubleLittleEndian(to[16..], a.Cost);
        var rest = to[24..];
        foreach (var s in (ReadOnlySpan<string?>)[a.RequestId, a.Key, question, a.Model, a.RouterVersion, a.MessagesSha256])
        {
            var n = s is null ? -1 : Encoding.UTF8.GetBytes(s, rest[4..]);
            BinaryPrimitives.WriteInt32LittleEndian(rest, n);
            rest = rest[(4 + Math.Max(n, 0))..];
        }
    }

    private static RatedAnswer Read(ReadOnlySpan<byte> from)
    {
        var at = new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(from), TimeSpan.Zero);
        var latency = BinaryPrimitives.ReadDoubleLittleEndian(from[8..]);
        var cost = BinaryPrimitives.ReadDoubleLittleEndian(from[16..]);
        var rest = from[24..];
        static string? Next(ref ReadOnlySpan<byte> r)
        {
            var n = BinaryPrimitives.ReadInt32LittleEndian(r);
            var s = n < 0 ? null : Encoding.UTF8.GetString(r.Slice(4, n));
            r = r[(4 + Math.Max(n, 0))..];
            return s;
        }
        var id = Next(ref rest)!;
        var key = Next(ref rest);
        var question = Next(ref rest)!;
        var model = Next(ref rest)!;
        var version = Next(ref rest)!;
        var sha = Next(ref rest);
        return new RatedAnswer(id, key, question, model, version, sha, latency, cost, at);
    }
}
