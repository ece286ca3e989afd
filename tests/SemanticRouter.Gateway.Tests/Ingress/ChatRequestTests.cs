using System.Text;
using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Tests.Ingress;

public sealed class ChatRequestTests
{
    private static ChatRequest Parse(string json) => ChatRequest.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Reads_model_stream_and_the_last_user_message()
    {
        var request = Parse("""
            {"model":"qwen-math-7b","stream":true,"stream_options":{"include_usage":true},
             "messages":[{"role":"system","content":"be brief"},{"role":"user","content":"first"},
                         {"role":"assistant","content":"ok"},{"role":"user","content":"second"}]}
            """);
        Assert.Equal("qwen-math-7b", request.Model);
        Assert.True(request.Stream);
        Assert.True(request.IncludeUsage);
        Assert.Equal(4, request.MessageCount);
        Assert.Equal("second", request.Question);
        Assert.False(request.IsRouted);
    }

    [Theory]
    [InlineData("", "The request body is not valid JSON: it is empty (line 1, byte 1).")]
    [InlineData("""{"messages":[""", "The request body is not valid JSON: it ends before the JSON is complete (line 1, byte 14).")]
    [InlineData("""{"messages":[}""", "The request body is not valid JSON: a character is out of place (line 1, byte 14).")]
    [InlineData("""{"messages":[]} x""", "The request body is not valid JSON: something follows the JSON value (line 1, byte 17).")]
    public void Bad_json_is_described_in_the_callers_words_not_the_parsers(string json, string expected)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Parse(json));
        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("""{"model":"auto","messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("""{"model":null,"messages":[{"role":"user","content":"hi"}]}""")]
    public void No_model_or_auto_means_routed(string json) => Assert.True(Parse(json).IsRouted);

    [Theory]
    [InlineData("""{"temperature":1e999999,"messages":[{"role":"user","content":"hi"}]}""", "temperature")] // infinite once read
    [InlineData("""{"top_p":-1e400,"messages":[{"role":"user","content":"hi"}]}""", "top_p")]
    [InlineData("""{"max_tokens":1e32,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"qwen-max","model":"qwen-math-7b","messages":[{"role":"user","content":"hi"}]}""", "model")]
    public void Numbers_out_of_range_and_a_second_model_key_are_refused(string json, string param) =>
        Assert.Equal(param, Assert.Throws<InvalidRequestException>(() => Parse(json)).Param);

    [Fact]
    public void Text_content_parts_are_joined()
    {
        var request = Parse("""{"messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]}""");
        Assert.Equal("a\nb", request.Question);
    }

    [Theory]
    [InlineData("{", null)]
    [InlineData("[]", null)]
    [InlineData("\"text\"", null)]
    [InlineData("{}", "messages")]
    [InlineData("""{"messages":[]}""", "messages")]
    [InlineData("""{"messages":{}}""", "messages")]
    [InlineData("""{"model":7,"messages":[{"role":"user","content":"x"}]}""", "model")]
    [InlineData("""{"model":"","messages":[{"role":"user","content":"x"}]}""", "model")]
    [InlineData("""{"stream":"yes","messages":[{"role":"user","content":"x"}]}""", "stream")]
    [InlineData("""{"messages":["hi"]}""", "messages[0]")]
    [InlineData("""{"messages":[{"content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"messages":[{"role":"user","content":5}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"image_url","image_url":"x"}]}]}""", "messages[0].content[0]")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"video","video":{}}]}]}""", "messages[0].content[0]")]
    public void Bad_requests_are_rejected_with_the_offending_parameter(string json, string? param)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Parse(json));
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void Media_parts_are_noted_and_routing_reads_only_the_text_parts()
    {
        var request = Parse("""{"messages":[{"role":"user","content":[{"type":"text","text":"what is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]}""");
        Assert.Equal("what is this?", request.Question);
        Assert.Equal(["audio", "image"], request.Media.Order());
        Assert.Empty(Parse("""{"messages":[{"role":"user","content":"hi"}]}""").Media);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_rejected()
    {
        var deep = new string('[', 100) + new string(']', 100);
        var json = $$"""{"messages":[{"role":"user","content":"x"}],"extra":{{deep}}}""";
        Assert.Throws<InvalidRequestException>(() => ChatRequest.Parse(Encoding.UTF8.GetBytes(json), new RequestLimits(MaxJsonDepth: 64)));
    }
}
