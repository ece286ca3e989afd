using System.Text.Json;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>
/// The Vercel AI SDK's default OpenAI provider (npm <c>ai</c> and <c>@ai-sdk/openai</c>: <c>provider(model)</c> speaks the
/// Responses API) against the gateway: text, a stream, and tool calls to an Anthropic-style model, translated twice.
/// </summary>
public sealed class AiSdkTests
{
    private const string AnthropicModel = "qwen-math-7b";

    [Fact]
    public async Task The_default_provider_generates_streams_and_calls_tools_through_the_responses_api()
    {
        const string key = "sk-ai-sdk";
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["SEMROUTER_API_KEYS"] = key },
            editWorld: world => world.Find(AnthropicModel)!.Protocol = WorldModel.AnthropicMessages);
        var output = await IndependentReaderTests.RunNodeToolAsync("ai-sdk", "conformance.mjs", new Uri(servers.GatewayUrl, "/v1").ToString(), key,
            EmbeddedData.Questions("verify").Items[5].Question, AnthropicModel);
        using var result = JsonDocument.Parse(output);
        var r = result.RootElement;

        var generate = r.GetProperty("generate");
        Assert.EndsWith($"(answered by {generate.GetProperty("model").GetString()})", generate.GetProperty("text").GetString());
        Assert.Equal("stop", generate.GetProperty("finish").GetString());
        Assert.True(generate.GetProperty("usage").GetProperty("outputTokens").GetInt32() > 0);

        var stream = r.GetProperty("stream");
        Assert.True(stream.GetProperty("chunks").GetInt32() >= 3);
        Assert.EndsWith("(answered by qwen-code-32b)", stream.GetProperty("text").GetString());
        Assert.True(stream.GetProperty("usage").GetProperty("totalTokens").GetInt32() > 0);

        var tools = r.GetProperty("tools");
        Assert.Equal("tool-calls", tools.GetProperty("finish").GetString());
        Assert.Equal("lookup", tools.GetProperty("calls")[0].GetProperty("name").GetString());
        Assert.Equal(AnthropicModel, tools.GetProperty("calls")[0].GetProperty("input").GetProperty("model").GetString());
        Assert.Equal("tool-calls", tools.GetProperty("streamFinish").GetString());
        Assert.Equal(AnthropicModel, tools.GetProperty("streamCalls")[0].GetProperty("input").GetProperty("model").GetString());
    }
}
