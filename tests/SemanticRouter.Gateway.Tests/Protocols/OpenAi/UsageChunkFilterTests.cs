using System.Buffers;
using System.Text;
using SemanticRouter.Gateway.Protocols.OpenAi;

namespace SemanticRouter.Gateway.Tests.Protocols.OpenAi;

public sealed class UsageChunkFilterTests
{
    private const string Content = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"usage is a word\"}}]}\n\n";
    private const string UsageOnly = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}\n\n";
    private const string Done = "data: [DONE]\n\n";

    private static string Filter(string stream, params int[] splits)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        var filter = new UsageChunkFilter();
        var client = new ArrayBufferWriter<byte>();
        var from = 0;
        foreach (var split in splits.Append(bytes.Length))
        {
            filter.Write(client, bytes.AsSpan(from, split - from));
            from = split;
        }
        filter.Flush(client);
        return Encoding.UTF8.GetString(client.WrittenSpan);
    }

    [Fact]
    public void The_usage_only_event_is_dropped_wherever_the_reads_split_the_stream()
    {
        var stream = Content + UsageOnly + Done;
        var length = Encoding.UTF8.GetByteCount(stream);
        for (var split = 0; split <= length; split++)
        {
            Assert.Equal(Content + Done, Filter(stream, split));
            // and with a second split, so bytes held back from one read meet two more reads
            Assert.Equal(Content + Done, Filter(stream, split, Math.Min(length, split + 7)));
        }
    }

    [Fact]
    public void Events_that_only_mention_usage_and_CRLF_framed_events_pass_unchanged()
    {
        var withChoices = "data: {\"choices\":[{\"index\":0,\"delta\":{}}],\"usage\":{\"total_tokens\":1}}\r\n\r\n";
        var stream = Content + withChoices + ": a comment\n\n" + Done;
        Assert.Equal(stream, Filter(stream, 17));
        Assert.Equal(Content + Done, Filter(Content + UsageOnly.Replace("\n", "\r\n") + Done, 40));
    }

    [Theory]
    [InlineData("""data: {"id":"c","choices":[],"usage":{"prompt_tokens":3},"model":"m"}""", true)]
    [InlineData("""data:{"usage":{"a":[1,{"b":2}]},"choices":[]}""", true)]
    [InlineData("""data: {"choices":[],"usage":null}""", false)]
    [InlineData("""data: {"choices":[{"delta":{}}],"usage":{"total_tokens":1}}""", false)]
    [InlineData("""data: {"choices":[[]],"usage":{}}""", false)]
    [InlineData("""data: {"usage":{}}""", false)]                       // no choices at all
    [InlineData("""data: {"choices":{},"usage":{}}""", false)]
    [InlineData("""data: {"choices":[],"nested":{"usage":{}}}""", false)] // usage not at the top
    [InlineData("""data: {"choices":[],"usage":{}""", false)]            // cut: relayed as it is
    [InlineData("""data: {"choices":[],"usage":{}} trailing""", false)]
    [InlineData("""data: ["usage"]""", false)]
    [InlineData("""event: x "usage" """, false)]
    public void Only_a_whole_event_with_a_top_level_usage_object_and_empty_choices_is_usage_only(string ev, bool usageOnly) =>
        Assert.Equal(usageOnly, UsageChunkFilter.IsUsageOnly(Encoding.UTF8.GetBytes(ev + "\n\n")));
}
