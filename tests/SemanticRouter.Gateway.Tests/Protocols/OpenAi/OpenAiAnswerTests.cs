using System.Text;
using SemanticRouter.Gateway.Protocols;
using SemanticRouter.Gateway.Protocols.OpenAi;

namespace SemanticRouter.Gateway.Tests.Protocols.OpenAi;

public sealed class OpenAiAnswerTests
{
    [Theory]
    // the usual shape, fields in any order, with what the reader must step over
    [InlineData("""{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"42"},"finish_reason":"stop"}],"model":"m","usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8}}""", "42", "m", 3, 5)]
    [InlineData("""{"usage":{"completion_tokens":5,"prompt_tokens":3},"model":"m","extra":{"choices":[{"message":{"content":"no"}}]},"choices":[{"message":{"content":"yes","tool_calls":[{"a":[1,{"b":2}]}]}}]}""", "yes", "m", 3, 5)]
    // only the first choice counts
    [InlineData("""{"choices":[{"message":{"content":"first"}},{"message":{"content":"second"}}]}""", "first", null, null, null)]
    // missing or wrong-typed parts read as empty or null, never throw
    [InlineData("""{"choices":[]}""", "", null, null, null)]
    [InlineData("""{"choices":[{"message":{"content":null}}],"model":7,"usage":{"prompt_tokens":"3","completion_tokens":5.5}}""", "", null, null, null)]
    [InlineData("""{"choices":{"message":{"content":"not an array"}},"usage":[1,2]}""", "", null, null, null)]
    [InlineData("""{"choices":[{"message":{"content":"x"}}],"usage":{"prompt_tokens":3}}""", "x", null, 3, null)]
    [InlineData("""{"choices":[{"message":{"content":"a\u00e9\n\"b\""}}]}""", "aé\n\"b\"", null, null, null)]
    // not a completion at all
    [InlineData("""[1,2,3]""", "", null, null, null)]
    [InlineData("""{"choices":[{"message":{"content":"cut""", "", null, null, null)]
    [InlineData("", "", null, null, null)]
    public void A_completion_body_is_read_for_its_text_model_and_usage(string json, string text, string? model, int? prompt, int? completion)
    {
        var parsed = OpenAiAnswer.FromJson(Encoding.UTF8.GetBytes(json));
        Assert.Equal(new ParsedAnswer(text, model, prompt, completion), parsed);
    }

    private const string Role = """data: {"id":"c","model":"m","choices":[{"index":0,"delta":{"role":"assistant"}}]}""";
    private const string Usage = """data: {"id":"c","model":"other","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8}}""";

    [Theory]
    // the usual shape: a role event, content events, the finish, the usage event, [DONE]
    [InlineData(new[] { Role, """data: {"choices":[{"index":0,"delta":{"content":"4"}}]}""", """data: {"choices":[{"index":0,"delta":{"content":"2"},"finish_reason":null}]}""",
        """data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""", Usage, "data: [DONE]" }, "42", "m", 3, 5)]
    // escapes and characters of several bytes; "data:" with or without its space; CRLF line ends
    [InlineData(new[] { """data:{"choices":[{"delta":{"content":"a\u00e9\n\"b\""}}]}\r""", """data: {"choices":[{"delta":{"content":"中文","tool_calls":[{"a":[1]}]}}]}\r""" },
        "aé\n\"b\"中文", null, null, null)]
    // a malformed event spoils only itself; a usage without both counts is not a usage; nothing after [DONE] counts
    [InlineData(new[] { """data: {"choices":[{"delta":{"content":"x"}}],"usage":{"prompt_tokens":""", """data: {"choices":[{"delta":{"content":"y"}}],"usage":{"prompt_tokens":3}}""",
        """data: {"choices":[{"delta":{"content":null}}],"model":7}""", ": a comment", "data: [DONE]", """data: {"choices":[{"delta":{"content":"z"}}]}""" },
        "y", null, null, null)]
    // every choice's delta, in order (as the stream interleaves them)
    [InlineData(new[] { """data: {"choices":[{"index":0,"delta":{"content":"a"}},{"index":1,"delta":{"content":"b"}}]}""", "data: [1,2]" }, "ab", null, null, null)]
    [InlineData(new string[0], "", null, null, null)]
    public void A_stream_is_read_for_its_text_first_model_and_last_usage(string[] events, string text, string? model, int? prompt, int? completion)
    {
        var sse = string.Concat(events.Select(e => e.Replace("\\r", "\r") + "\n\n"));
        Assert.Equal(new ParsedAnswer(text, model, prompt, completion), OpenAiAnswer.FromStream(Encoding.UTF8.GetBytes(sse)));
    }
}
