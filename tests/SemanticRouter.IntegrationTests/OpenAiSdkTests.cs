using System.ClientModel;
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
