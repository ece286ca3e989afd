using System.Text;
using System.Text.Json;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Protocols.OpenAi;

namespace SemanticRouter.Gateway.Tests.Protocols.OpenAi;

public sealed class OpenAiRequestBodyTests
{
    [Fact]
    public void Rewrite_replaces_or_adds_the_model_and_keeps_everything_else()
    {
        var body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"你好"}],"model":"auto","temperature":0.2,"stream":true}""");
        using var rewritten = JsonDocument.Parse(OpenAiRequestBody.Rewrite(body, "qwen-code-7b"));
        var root = rewritten.RootElement;
        Assert.Equal("qwen-code-7b", root.GetProperty("model").GetString());
        Assert.Equal("你好", root.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(0.2, root.GetProperty("temperature").GetDouble());
        Assert.True(root.GetProperty("stream").GetBoolean());
        Assert.Equal(4, root.EnumerateObject().Count());
    }

    [Fact]
    public void A_body_that_already_names_the_model_and_needs_no_usage_goes_out_as_it_came()
    {
        ReadOnlyMemory<byte> body = Encoding.UTF8.GetBytes("""{"model":"qwen-max","messages":[{"role":"user","content":"hi"}]}""");
        var forwarded = OpenAiRequestBody.ForUpstream(body, ChatRequest.Parse(body), "qwen-max", askUsage: false);
        Assert.True(forwarded.Span == body.Span); // the same bytes, not a copy
    }

    [Theory]
    [InlineData("""{"model":"auto","messages":[{"role":"user","content":"你好 \"model\""}],"stream":true}""", "qwen-code-7b", true)]
    [InlineData(""" { "stream": true, "model" : "qwen-max" , "messages":[{"role":"user","content":"x"}]}""", "qwen-math-3b", true)]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"model":"auto"}""", "vendor/\"odd\" name", false)]
    public void Edited_in_place_the_body_has_the_new_model_the_usage_option_and_everything_else(string json, string model, bool askUsage)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var request = ChatRequest.Parse(body);
        using var original = JsonDocument.Parse(body);
        using var forwarded = JsonDocument.Parse(OpenAiRequestBody.ForUpstream(body, request, model, askUsage));
        var root = forwarded.RootElement;
        Assert.Equal(model, root.GetProperty("model").GetString());
        Assert.Equal(askUsage, root.TryGetProperty("stream_options", out var options) && options.GetProperty("include_usage").GetBoolean());
        Assert.Equal(original.RootElement.EnumerateObject().Count() + (askUsage ? 1 : 0), root.EnumerateObject().Count());
        foreach (var property in original.RootElement.EnumerateObject().Where(p => p.Name != "model"))
            Assert.Equal(property.Value.GetRawText(), root.GetProperty(property.Name).GetRawText());
    }

    [Theory]
    [InlineData("""{"model":"auto","stream":true,"stream_options":{"include_usage":false},"messages":[{"role":"user","content":"x"}]}""")]
    [InlineData("""{"stream":true,"messages":[{"role":"user","content":"x"}]}""")]
    public void Bodies_that_cannot_be_edited_in_place_are_rewritten_with_each_property_once(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var forwarded = OpenAiRequestBody.ForUpstream(body, ChatRequest.Parse(body), "qwen-max", askUsage: true);
        var names = new List<string>();
        var reader = new Utf8JsonReader(forwarded.Span);
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1) names.Add(reader.GetString()!);
        Assert.Equal(names.Distinct().Count(), names.Count);
        using var document = JsonDocument.Parse(forwarded);
        Assert.Equal("qwen-max", document.RootElement.GetProperty("model").GetString());
        Assert.True(document.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }
}
