using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Responses;
using SemanticRouter.Mock;

#pragma warning disable OPENAI001 // the Responses client is marked experimental in the SDK

namespace SemanticRouter.IntegrationTests;

/// <summary>
/// Microsoft.Extensions.AI's <see cref="IChatClient"/> over the OpenAI .NET SDK's Responses client
/// (<c>ResponsesClient.AsIChatClient()</c>, package Microsoft.Extensions.AI.OpenAI) against the gateway's <c>/v1/responses</c>.
/// That client sets a finish reason only for an incomplete response (as against OpenAI), so none is checked here.
/// </summary>
public sealed class ExtensionsAiTests
{
    private static readonly string Question = EmbeddedData.Questions("verify").Items[6].Question;

    private static IChatClient Client(TestServers servers, string model) =>
        new ResponsesClient(new ApiKeyCredential("sk-not-checked"), new ResponsesClientOptions { Endpoint = new Uri(servers.GatewayUrl, "/v1") })
            .AsIChatClient(model);

    [Fact]
    public async Task The_responses_chat_client_answers_streams_and_calls_a_tool()
    {
        await using var servers = await TestServers.StartAsync();
        var routed = Client(servers, "auto");

        var answer = await routed.GetResponseAsync(Question);
        Assert.StartsWith("qwen-", answer.ModelId);
        Assert.EndsWith($"(answered by {answer.ModelId})", answer.Text);
        Assert.True(answer.Usage!.OutputTokenCount > 0);

        var text = "";
        var updates = 0;
        await foreach (var update in Client(servers, "qwen-writing-32b").GetStreamingResponseAsync(Question))
        {
            updates++;
            text += update.Text;
        }
        Assert.True(updates >= 3);
        Assert.EndsWith("(answered by qwen-writing-32b)", text);

        // A required tool: the call comes back as a FunctionCallContent; its result goes back as a function_call_output.
        var lookup = AIFunctionFactory.Create((string question) => "42", "lookup", "Looks a question up");
        List<ChatMessage> conversation = [new(ChatRole.User, Question)];
        var called = await routed.GetResponseAsync(conversation, new ChatOptions { Tools = [lookup], ToolMode = ChatToolMode.RequireAny });
        var call = called.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        Assert.Equal("lookup", call.Name);
        Assert.Equal(called.ModelId, call.Arguments!["model"]?.ToString());

        conversation.AddRange(called.Messages);
        conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "42")]));
        var answered = await routed.GetResponseAsync(conversation, new ChatOptions { Tools = [lookup] });
        Assert.EndsWith($"(answered by {called.ModelId})", answered.Text); // a tool loop stays with the model that called the tool

        var streamedCalls = new List<FunctionCallContent>();
        await foreach (var update in routed.GetStreamingResponseAsync(Question, new ChatOptions { Tools = [lookup], ToolMode = ChatToolMode.RequireAny }))
            streamedCalls.AddRange(update.Contents.OfType<FunctionCallContent>());
        Assert.Equal("lookup", Assert.Single(streamedCalls).Name);
    }
}
