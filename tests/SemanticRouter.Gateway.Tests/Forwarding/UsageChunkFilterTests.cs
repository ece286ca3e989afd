using System.Text;
using SemanticRouter.Gateway.Forwarding;

namespace SemanticRouter.Gateway.Tests.Forwarding;

public sealed class UsageChunkFilterTests
{
    private const string Content = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"usage is a word\"}}]}\n\n";
    private const string UsageOnly = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}\n\n";
    private const string Done = "data: [DONE]\n\n";

    private static async Task<string> FilterAsync(string stream, int split)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        var filter = new UsageChunkFilter();
        using var client = new MemoryStream();
        await filter.WriteAsync(client, bytes.AsMemory(0, split), CancellationToken.None);
        await filter.WriteAsync(client, bytes.AsMemory(split), CancellationToken.None);
        await filter.FlushAsync(client, CancellationToken.None);
        return Encoding.UTF8.GetString(client.ToArray());
    }

    [Fact]
    public async Task The_usage_only_event_is_dropped_wherever_the_reads_split_the_stream()
    {
        var stream = Content + UsageOnly + Done;
        for (var split = 0; split <= Encoding.UTF8.GetByteCount(stream); split++)
            Assert.Equal(Content + Done, await FilterAsync(stream, split));
    }

    [Fact]
    public async Task Events_that_only_mention_usage_and_CRLF_framed_events_pass_unchanged()
    {
        var withChoices = "data: {\"choices\":[{\"index\":0,\"delta\":{}}],\"usage\":{\"total_tokens\":1}}\r\n\r\n";
        var stream = Content + withChoices + ": a comment\n\n" + Done;
        Assert.Equal(stream, await FilterAsync(stream, 17));
        Assert.Equal(Content + Done, await FilterAsync(Content + UsageOnly.Replace("\n", "\r\n") + Done, 40));
    }
}
