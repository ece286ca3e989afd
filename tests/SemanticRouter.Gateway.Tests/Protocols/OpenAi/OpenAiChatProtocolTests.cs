using System.Text;
using SemanticRouter.Gateway.Protocols.OpenAi;

namespace SemanticRouter.Gateway.Tests.Protocols.OpenAi;

public sealed class OpenAiChatProtocolTests
{
    [Theory]
    [InlineData("data: {\"a\":1}\n\ndata: [DONE]\n\n", 14)]
    [InlineData("data: {\"a\":1}\r\n\r\ndata:[DONE]\r\n\r\n", 15)]
    [InlineData("data: [DONE]\n\n", 14)]
    [InlineData("data: {\"a\":1}\n\n", 0)] // ended cleanly, but without its terminator
    [InlineData("data: {\"a\":\"data: [DONE]", 0)] // the words inside an event are not the terminator
    [InlineData("", 0)]
    public void A_stream_has_ended_only_with_its_DONE_event(string end, int length) =>
        Assert.Equal(length, new OpenAiChatProtocol().TerminatorLength(Encoding.UTF8.GetBytes(end)));
}
