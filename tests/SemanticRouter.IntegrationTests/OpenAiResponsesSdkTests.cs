using System.ClientModel;
using OpenAI;
using OpenAI.Models;
using OpenAI.Responses;
using SemanticRouter.Mock;

#pragma warning disable OPENAI001 // the Responses client is marked experimental in the SDK

namespace SemanticRouter.IntegrationTests;

/// <summary>The official OpenAI .NET SDK's Responses client and model retrieval against the gateway.</summary>
public sealed class OpenAiResponsesSdkTests
{
    private static readonly string Question = EmbeddedData.Questions("verify").Items[1].Question;

    private static ResponsesClient Client(TestServers servers) =>
        new(new ApiKeyCredential("sk-not-checked"), new ResponsesClientOptions { Endpoint = new Uri(servers.GatewayUrl, "/v1") });

    [Fact]
    public async Task The_responses_client_creates_and_streams_a_routed_response()
    {
        await using var servers = await TestServers.StartAsync();
        var options = new CreateResponseOptions("auto", [ResponseItem.CreateUserMessageItem(Question)]);
        ResponseResult response = await Client(servers).CreateResponseAsync(options);
        Assert.StartsWith("qwen-", response.Model);
        Assert.EndsWith($"(answered by {response.Model})", response.GetOutputText());
        Assert.True(response.Usage.OutputTokenCount > 0);

        var text = "";
        ResponseResult? completed = null;
        var streamOptions = new CreateResponseOptions("qwen-writing-32b", [ResponseItem.CreateUserMessageItem(Question)]) { StreamingEnabled = true };
        await foreach (var update in Client(servers).CreateResponseStreamingAsync(streamOptions))
        {
            if (update is StreamingResponseOutputTextDeltaUpdate delta) text += delta.Delta;
            if (update is StreamingResponseCompletedUpdate done) completed = done.Response;
        }
        Assert.EndsWith("(answered by qwen-writing-32b)", text);
        Assert.Equal(text, completed!.GetOutputText());
        Assert.True(completed.Usage.TotalTokenCount > 0);
    }

    [Fact]
    public async Task Models_are_retrieved_one_by_one()
    {
        await using var servers = await TestServers.StartAsync();
        var models = new OpenAIModelClient(new ApiKeyCredential("sk-not-checked"), new OpenAIClientOptions { Endpoint = new Uri(servers.GatewayUrl, "/v1") });
        OpenAIModel model = await models.GetModelAsync("qwen-max");
        Assert.Equal("qwen-max", model.Id);
        var missing = await Assert.ThrowsAsync<ClientResultException>(() => models.GetModelAsync("no-such-model"));
        Assert.Equal(404, missing.Status);
    }
}
