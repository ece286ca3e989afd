using System.Text;
using SemanticRouter.Benchmarks.Perf;

namespace SemanticRouter.IntegrationTests.Perf;

public sealed class HttpResponseParserTests
{
    private const string Chunked =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" +
        "f\r\ndata: {\"a\":1}\n\n\r\n" + "e\r\ndata: [DONE]\n\n\r\n" + "0\r\n\r\n";

    private const string Fixed = "HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\nContent-Type: application/json\r\n\r\n{\"e\":";

    [Theory]
    [InlineData(Chunked, 200)]
    [InlineData(Fixed, 404)]
    public void A_response_split_anywhere_is_complete_exactly_at_its_last_byte(string response, int status)
    {
        var bytes = Encoding.ASCII.GetBytes(response);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var parser = new HttpResponseParser();
            var consumed = parser.Feed(bytes.AsSpan(0, split));
            Assert.Equal(split, consumed);
            Assert.Equal(split == bytes.Length, parser.Complete);
            consumed = parser.Feed(bytes.AsSpan(split));
            Assert.Equal(bytes.Length - split, consumed);
            Assert.True(parser.Complete, $"split at {split}");
            Assert.Equal(status, parser.Status);
            Assert.True(parser.KeepAlive);
        }
    }

    [Fact]
    public void Byte_by_byte_the_body_starts_with_the_first_body_byte_not_with_the_head()
    {
        var bytes = Encoding.ASCII.GetBytes(Chunked);
        var head = Chunked.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var firstData = head + "e\r\n".Length;
        var parser = new HttpResponseParser();
        for (var i = 0; i < bytes.Length; i++)
        {
            parser.Feed(bytes.AsSpan(i, 1));
            Assert.Equal(i >= firstData, parser.BodyStarted);
        }
        Assert.True(parser.Complete);
    }

    [Fact]
    public void Bytes_of_the_next_response_are_left_unconsumed()
    {
        var bytes = Encoding.ASCII.GetBytes(Fixed + "HTTP/1.1 200 OK\r\n");
        var parser = new HttpResponseParser();
        Assert.Equal(Fixed.Length, parser.Feed(bytes));
        Assert.True(parser.Complete);
    }

    [Fact]
    public void A_body_without_length_ends_when_the_server_closes_and_the_connection_is_not_reused()
    {
        var parser = new HttpResponseParser();
        parser.Feed(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello"));
        Assert.False(parser.Complete);
        Assert.True(parser.BodyStarted);
        parser.EndOfStream();
        Assert.True(parser.Complete);
        Assert.False(parser.KeepAlive);
    }

    [Fact]
    public void Connection_close_means_the_connection_is_not_reused()
    {
        var parser = new HttpResponseParser();
        parser.Feed(Encoding.ASCII.GetBytes("HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"));
        Assert.True(parser.Complete);
        Assert.Equal(502, parser.Status);
        Assert.False(parser.KeepAlive);
    }
}
