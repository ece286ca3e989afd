using System.Text;
using SemanticRouter.Gateway.Protocols.Anthropic;

namespace SemanticRouter.Gateway.Tests.Protocols.Anthropic;

public sealed class AnthropicProtocolTests
{
    private const string Stop = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    [Theory]
    [InlineData("}\n\n" + Stop, 51)]
    [InlineData(Stop, 51)]
    [InlineData("event: content_block_delta\ndata: {\"type\":\"content_block_delta\"}\n\n", 0)] // cut before the end
    [InlineData("data: {\"text\":\"event: message_stop\"}\n\n", 0)] // the words inside an event are not the terminator
    [InlineData("}\n\nevent: message_stop\n", 0)] // its data line never came
    [InlineData("", 0)]
    public void A_stream_has_ended_only_with_its_message_stop_event(string end, int length) =>
        Assert.Equal(length, new AnthropicProtocol().TerminatorLength(Encoding.UTF8.GetBytes(end)));
}
