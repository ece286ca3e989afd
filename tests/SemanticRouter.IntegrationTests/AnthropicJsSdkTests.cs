using System.Text.Json;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>
/// The official Anthropic JavaScript SDK (npm <c>@anthropic-ai/sdk</c>, run with Node) against the gateway, key
/// required: <c>messages.create</c>, <c>messages.stream</c>, and tool calls to a Chat Completions model, translated.
/// </summary>
public sealed class AnthropicJsSdkTests
{
    [Fact]
    public async Task The_anthropic_sdk_creates_streams_calls_tools_across_translation_and_sees_404_and_401_as_its_own_errors()
    {
        const string key = "sk-anthropic-js";
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["SEMROUTER_API_KEYS"] = key });
        var output = await IndependentReaderTests.RunNodeToolAsync("anthropic-js", "conformance.mjs", servers.GatewayUrl.ToString().TrimEnd('/'), key, EmbeddedData.Questions("verify").Items[2].Question, "qwen-max");
        using var result = JsonDocument.Parse(output);
        var r = result.RootElement;

        var create = r.GetProperty("create");
        Assert.EndsWith($"(answered by {create.GetProperty("model").GetString()})", create.GetProperty("text").GetString());
        Assert.Equal("end_turn", create.GetProperty("stop").GetString());
        Assert.True(create.GetProperty("usage").GetProperty("output_tokens").GetInt32() > 0);

        var stream = r.GetProperty("stream");
        Assert.True(stream.GetProperty("deltas").GetInt32() >= 3);
        Assert.EndsWith("(answered by qwen-code-32b)", stream.GetProperty("text").GetString());
        Assert.Equal(stream.GetProperty("text").GetString(), stream.GetProperty("finalText").GetString());
        Assert.True(stream.GetProperty("usage").GetProperty("output_tokens").GetInt32() > 0);
        Assert.True(stream.GetProperty("usage").GetProperty("input_tokens").GetInt32() > 0);

        var tools = r.GetProperty("tools");
        Assert.Equal(("tool_use", "lookup", "object"), (tools.GetProperty("stop").GetString(), tools.GetProperty("name").GetString(), tools.GetProperty("inputType").GetString()));
        Assert.Equal(("tool_use", "lookup"), (tools.GetProperty("streamStop").GetString(), tools.GetProperty("streamName").GetString()));
        Assert.Equal("qwen-max", tools.GetProperty("streamInput").GetProperty("model").GetString());
        Assert.Equal("end_turn", tools.GetProperty("answeredStop").GetString());

        Assert.True(r.GetProperty("notFound").GetProperty("notFoundError").GetBoolean());
        Assert.True(r.GetProperty("unauthenticated").GetProperty("authenticationError").GetBoolean());
    }
}
