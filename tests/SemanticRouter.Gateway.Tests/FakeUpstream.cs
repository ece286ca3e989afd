using System.Net;
using System.Text;

namespace SemanticRouter.Gateway.Tests;

/// <summary>
/// An upstream in memory: an <see cref="HttpMessageHandler"/> that answers each request with what the test says, and
/// counts and keeps what it was sent (as YARP's forwarder tests fake theirs).
/// </summary>
internal sealed class FakeUpstream(Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    private int _calls;

    public int Calls => _calls;
    public List<(Uri Url, string Body)> Sent { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Sent) Sent.Add((request.RequestUri!, body));
        return await respond(request, call, cancellationToken);
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Events(params string[] data) =>
        new(HttpStatusCode.OK) { Content = new StringContent(string.Concat(data.Select(d => $"data: {d}\n\n")), Encoding.UTF8, "text/event-stream") };

    /// <summary>A stream that sends <paramref name="first"/> and then breaks off, as a connection reset does.</summary>
    public static HttpResponseMessage EventsThenCut(string first) => new(HttpStatusCode.OK)
    {
        Content = new StreamContent(new CutStream(Encoding.UTF8.GetBytes($"data: {first}\n\n"))) { Headers = { ContentType = new("text/event-stream") } },
    };

    private sealed class CutStream(byte[] first) : Stream
    {
        private bool _sent;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_sent) throw new IOException("The upstream reset the connection.");
            _sent = true;
            first.CopyTo(buffer);
            return first.Length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
