using System.Text.Json;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>
/// The official OpenAI JavaScript SDK (npm <c>openai</c>, run with Node) against the gateway, key required: chat completions,
/// <c>responses.create</c> whole, streamed and with a tool call and its result, <c>models.list</c> and <c>models.retrieve</c>.
/// </summary>
public sealed class OpenAiJsSdkTests
{
    [Fact]
    public async Task The_JavaScript_SDK_completes_streams_creates_responses_reads_models_and_sees_404_and_401_as_its_own_errors()
    {
        const string key = "sk-js-conformance";
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["SEMROUTER_API_KEYS"] = key });
        var output = await IndependentReaderTests.RunNodeToolAsync("openai-js", "conformance.mjs", new Uri(servers.GatewayUrl, "/v1").ToString(), key, EmbeddedData.Questions("verify").Items[2].Question);
        using var result = JsonDocument.Parse(output);
        var r = result.RootElement;

        Assert.Equal("qwen-writing-7b", r.GetProperty("completion").GetProperty("model").GetString());
        Assert.EndsWith("(answered by qwen-writing-7b)", r.GetProperty("completion").GetProperty("text").GetString());
        Assert.Equal("stop", r.GetProperty("completion").GetProperty("finish").GetString());
        Assert.True(r.GetProperty("completion").GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);
        Assert.Equal(r.GetProperty("routed").GetProperty("header").GetString(), r.GetProperty("routed").GetProperty("model").GetString());

        var stream = r.GetProperty("stream");
        Assert.EndsWith("(answered by qwen-code-32b)", stream.GetProperty("text").GetString());
        Assert.True(stream.GetProperty("chunks").GetInt32() >= 3);
        Assert.True(stream.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);

        var response = r.GetProperty("response");
        Assert.Equal("completed", response.GetProperty("status").GetString());
        Assert.EndsWith($"(answered by {response.GetProperty("model").GetString()})", response.GetProperty("text").GetString());
        Assert.True(response.GetProperty("usage").GetProperty("output_tokens").GetInt32() > 0);
        var responseStream = r.GetProperty("responseStream");
        Assert.True(responseStream.GetProperty("deltas").GetInt32() >= 3);
        Assert.EndsWith("(answered by qwen-code-32b)", responseStream.GetProperty("text").GetString());
        Assert.Equal(responseStream.GetProperty("text").GetString(), responseStream.GetProperty("completedText").GetString());
        Assert.True(responseStream.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        var responseTools = r.GetProperty("responseTools");
        Assert.Equal(("lookup", "qwen-max"), (responseTools.GetProperty("name").GetString(), responseTools.GetProperty("arguments").GetProperty("model").GetString()));
        Assert.Equal(("lookup", "required"), (responseTools.GetProperty("echoedTool").GetString(), responseTools.GetProperty("toolChoice").GetString()));
        Assert.EndsWith("(answered by qwen-max)", responseTools.GetProperty("answered").GetString());
        Assert.Equal(("qwen-max", "model"), (r.GetProperty("retrieved").GetProperty("id").GetString(), r.GetProperty("retrieved").GetProperty("object").GetString()));

        var models = r.GetProperty("models").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains("auto", models);
        Assert.Contains("qwen-medicine-3b", models);

        var notFound = r.GetProperty("notFound");
        Assert.True(notFound.GetProperty("notFoundError").GetBoolean());
        Assert.Equal(404, notFound.GetProperty("status").GetInt32());
        Assert.Equal("model_not_found", notFound.GetProperty("code").GetString());
        Assert.True(r.GetProperty("unauthenticated").GetProperty("authenticationError").GetBoolean());
    }
}
