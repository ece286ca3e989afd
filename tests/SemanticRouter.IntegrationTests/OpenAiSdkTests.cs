using System.ClientModel;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>The official OpenAI .NET SDK, pointed at the gateway, works as it does against OpenAI.</summary>
public sealed class OpenAiSdkTests
{
    private static readonly string Question = EmbeddedData.Questions("verify").Items[1].Question;

    private static ChatClient Client(TestServers servers, string model) =>
        new(model, new ApiKeyCredential("sk-not-checked"), new OpenAIClientOptions { Endpoint = new Uri(servers.GatewayUrl, "/v1") });

    [Theory]
    [InlineData("qwen-medicine-7b")]
    [InlineData("auto")]
    public async Task Non_streaming_completion(string model)
    {
        await using var servers = await TestServers.StartAsync();
        ChatCompletion completion = await Client(servers, model).CompleteChatAsync([new UserChatMessage(Question)]);

        if (model != "auto") Assert.Equal(model, completion.Model);
        Assert.StartsWith("qwen-", completion.Model);
        Assert.EndsWith($"(answered by {completion.Model})", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.True(completion.Usage.OutputTokenCount > 0);
    }

    [Fact]
    public async Task Streaming_completion()
    {
        await using var servers = await TestServers.StartAsync();
        var text = "";
        var updates = 0;
        await foreach (var update in Client(servers, "qwen-writing-32b").CompleteChatStreamingAsync([new UserChatMessage(Question)]))
        {
            updates++;
            foreach (var part in update.ContentUpdate) text += part.Text;
        }
        Assert.True(updates >= 3);
        Assert.EndsWith("(answered by qwen-writing-32b)", text);
    }

    [Fact]
    public async Task A_tool_call_to_an_anthropic_style_model_and_its_result_cross_the_translation_whole_and_streamed()
    {
        const string anthropicModel = "qwen-math-7b";
        await using var servers = await TestServers.StartAsync(
            settings: new Dictionary<string, string?> { ["Gateway:DefaultModel"] = anthropicModel, ["Routing:Enabled"] = "false" },
            editWorld: world => world.Find(anthropicModel)!.Protocol = WorldModel.AnthropicMessages, recordUpstream: true);
        var client = Client(servers, "auto");
        var lookup = ChatTool.CreateFunctionTool("lookup", "Looks a question up",
            BinaryData.FromString("""{"type": "object", "properties": {"question": {"type": "string"}}}"""));
        var forced = new ChatCompletionOptions { Tools = { lookup }, ToolChoice = ChatToolChoice.CreateRequiredChoice() };
        var free = new ChatCompletionOptions { Tools = { lookup } };

        ChatCompletion called = await client.CompleteChatAsync([new UserChatMessage(Question)], forced);
        Assert.Equal(ChatFinishReason.ToolCalls, called.FinishReason);
        var call = Assert.Single(called.ToolCalls);
        Assert.Equal("lookup", call.FunctionName);
        Assert.Equal(anthropicModel, JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("model").GetString());
        ChatCompletion answered = await client.CompleteChatAsync([new UserChatMessage(Question), new AssistantChatMessage(called), new ToolChatMessage(call.Id, "42")], free);
        Assert.Equal(ChatFinishReason.Stop, answered.FinishReason);
        Assert.EndsWith($"(answered by {anthropicModel})", answered.Content[0].Text);
        AssertToolResultReachedAnthropic(servers.UpstreamBodies("/v1/messages", anthropicModel)[^1], call.Id, "42");

        // Streamed: the call arrives in deltas; the follow-up streams its text.
        string? id = null, name = null, finish = null;
        var arguments = new StringBuilder();
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(Question)], forced))
        {
            foreach (var delta in update.ToolCallUpdates)
            {
                id ??= delta.ToolCallId;
                name ??= delta.FunctionName;
                arguments.Append(delta.FunctionArgumentsUpdate?.ToString());
            }
            if (update.FinishReason is { } reason) finish = reason.ToString();
        }
        Assert.Equal((nameof(ChatFinishReason.ToolCalls), "lookup"), (finish, name));
        Assert.Equal(anthropicModel, JsonDocument.Parse(arguments.ToString()).RootElement.GetProperty("model").GetString());
        var streamedCall = ChatToolCall.CreateFunctionToolCall(id!, name!, BinaryData.FromString(arguments.ToString()));
        var text = "";
        await foreach (var update in client.CompleteChatStreamingAsync(
                           [new UserChatMessage(Question), new AssistantChatMessage([streamedCall]), new ToolChatMessage(id!, "43")], free))
            foreach (var part in update.ContentUpdate) text += part.Text;
        Assert.EndsWith($"(answered by {anthropicModel})", text);
        AssertToolResultReachedAnthropic(servers.UpstreamBodies("/v1/messages", anthropicModel)[^1], id!, "43");
    }

    /// <summary>The upstream got the call as the assistant's <c>tool_use</c> block and the result as the user's <c>tool_result</c>.</summary>
    private static void AssertToolResultReachedAnthropic(JsonElement body, string callId, string result)
    {
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        var use = messages[1].GetProperty("content")[0];
        Assert.Equal(("tool_use", callId, "lookup"), (use.GetProperty("type").GetString(), use.GetProperty("id").GetString(), use.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Object, use.GetProperty("input").ValueKind);
        var toolResult = messages[2].GetProperty("content")[0];
        Assert.Equal(("tool_result", callId, result),
            (toolResult.GetProperty("type").GetString(), toolResult.GetProperty("tool_use_id").GetString(), toolResult.GetProperty("content").GetString()));
        Assert.Equal("lookup", body.GetProperty("tools")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Models_list()
    {
        await using var servers = await TestServers.StartAsync();
        var models = new OpenAIClient(new ApiKeyCredential("sk-not-checked"), new OpenAIClientOptions { Endpoint = new Uri(servers.GatewayUrl, "/v1") })
            .GetOpenAIModelClient();
        var list = await models.GetModelsAsync();
        Assert.Contains(list.Value, m => m.Id == "auto");
        Assert.Contains(list.Value, m => m.Id == "qwen-code-3b");
    }

    [Fact]
    public async Task Unknown_model_surfaces_as_a_404_client_error()
    {
        await using var servers = await TestServers.StartAsync();
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client(servers, "gpt-nonexistent").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, error.Status);
        Assert.Contains("gpt-nonexistent", error.Message);
    }

    [Fact]
    public async Task Authenticated_call_with_a_client_key_and_the_SDK_error_without_one()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["SEMROUTER_API_KEYS"] = "sk-team-a,sk-team-b" });
        var endpoint = new OpenAIClientOptions { Endpoint = new Uri(servers.GatewayUrl, "/v1") };

        ChatCompletion completion = await new ChatClient("qwen-code-7b", new ApiKeyCredential("sk-team-b"), endpoint)
            .CompleteChatAsync([new UserChatMessage(Question)]);
        Assert.EndsWith("(answered by qwen-code-7b)", completion.Content[0].Text);

        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            new ChatClient("qwen-code-7b", new ApiKeyCredential("sk-wrong"), endpoint).CompleteChatAsync([new UserChatMessage(Question)]));
        Assert.Equal(401, error.Status);
    }
}
