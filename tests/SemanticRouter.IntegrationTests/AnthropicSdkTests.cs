using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Models.Messages;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>The official Anthropic .NET SDK (NuGet <c>Anthropic</c>) against the gateway, x-api-key as the client key.</summary>
public sealed class AnthropicSdkTests
{
    private static readonly string Question = EmbeddedData.Questions("verify").Items[4].Question;

    [Fact]
    public async Task The_dotnet_sdk_creates_and_streams_messages()
    {
        const string key = "sk-anthropic-dotnet";
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["SEMROUTER_API_KEYS"] = key });
        var client = new AnthropicClient { ApiKey = key, BaseUrl = servers.GatewayUrl.ToString().TrimEnd('/'), MaxRetries = 0 };

        var message = await client.Messages.Create(new MessageCreateParams
        {
            MaxTokens = 300, Model = "auto", Messages = [new UserMessageParam(Question)],
        });
        var text = string.Concat(message.Content.Select(block => block.TryPickText(out var t) ? t.Text : ""));
        Assert.EndsWith($"(answered by {message.Model.Raw()})", text);
        Assert.Equal("end_turn", message.StopReason?.Raw());
        Assert.True(message.Usage.OutputTokens > 0);

        var streamed = "";
        var stopped = false;
        await foreach (var e in client.Messages.CreateStreaming(new MessageCreateParams
        {
            MaxTokens = 300, Model = "qwen-medicine-32b", Messages = [new UserMessageParam(Question)],
        }))
        {
            if (e.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var piece)) streamed += piece.Text;
            if (e.TryPickStop(out _)) stopped = true;
        }
        Assert.EndsWith("(answered by qwen-medicine-32b)", streamed);
        Assert.True(stopped);
    }

    [Fact]
    public async Task A_tool_call_to_an_openai_style_model_and_its_result_cross_the_translation_whole_and_streamed()
    {
        const string model = "qwen-code-7b";
        await using var servers = await TestServers.StartAsync(recordUpstream: true);
        var client = new AnthropicClient { ApiKey = "sk-not-checked", BaseUrl = servers.GatewayUrl.ToString().TrimEnd('/'), MaxRetries = 0 };
        List<ToolUnion> tools =
        [
            new Tool
            {
                Name = "lookup", Description = "Looks a question up",
                InputSchema = new InputSchema { Properties = new Dictionary<string, JsonElement> { ["question"] = JsonSerializer.SerializeToElement(new { type = "string" }) } },
            },
        ];
        MessageCreateParams Ask(ToolChoice? choice, params MessageParam[] messages) =>
            new() { MaxTokens = 300, Model = model, Tools = tools, ToolChoice = choice, Messages = [new UserMessageParam(Question), .. messages] };

        var called = await client.Messages.Create(Ask(new ToolChoiceAny()));
        Assert.Equal("tool_use", called.StopReason?.Raw());
        var use = called.Content.Select(b => b.TryPickToolUse(out var u) ? u : null).Single(u => u is not null)!;
        Assert.Equal(("lookup", model), (use.Name, use.Input["model"].GetString()));
        var answered = await client.Messages.Create(Ask(null,
            new AssistantMessageParam { Content = new List<ContentBlockParam> { new ToolUseBlockParam { ID = use.ID, Name = use.Name, Input = use.Input } } },
            new UserMessageParam { Content = new List<ContentBlockParam> { new ToolResultBlockParam { ToolUseID = use.ID, Content = "42" } } }));
        Assert.Equal("end_turn", answered.StopReason?.Raw());
        Assert.EndsWith($"(answered by {model})", string.Concat(answered.Content.Select(b => b.TryPickText(out var t) ? t.Text : "")));
        AssertToolResultReachedChat(servers.UpstreamBodies("/v1/chat/completions", model)[^1], use.ID, "42");

        // Streamed: the call arrives as a tool_use block and its input as JSON deltas; the follow-up streams its text.
        string? id = null, name = null, stop = null;
        var input = new StringBuilder();
        await foreach (var e in client.Messages.CreateStreaming(Ask(new ToolChoiceTool { Name = "lookup" })))
        {
            if (e.TryPickContentBlockStart(out var start) && start.ContentBlock.TryPickToolUse(out var block)) (id, name) = (block.ID, block.Name);
            if (e.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickInputJson(out var json)) input.Append(json.PartialJson);
            if (e.TryPickDelta(out var end)) stop = end.Delta.StopReason?.Raw();
        }
        Assert.Equal(("tool_use", "lookup"), (stop, name));
        var streamedInput = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(input.ToString())!;
        Assert.Equal(model, streamedInput["model"].GetString());
        var text = "";
        await foreach (var e in client.Messages.CreateStreaming(Ask(null,
                           new AssistantMessageParam { Content = new List<ContentBlockParam> { new ToolUseBlockParam { ID = id!, Name = name!, Input = streamedInput } } },
                           new UserMessageParam { Content = new List<ContentBlockParam> { new ToolResultBlockParam { ToolUseID = id!, Content = "43" } } })))
            if (e.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var piece)) text += piece.Text;
        Assert.EndsWith($"(answered by {model})", text);
        AssertToolResultReachedChat(servers.UpstreamBodies("/v1/chat/completions", model)[^1], id!, "43");
    }

    /// <summary>The upstream got the call as the assistant's <c>tool_calls</c> and the result as a <c>tool</c> message with its id.</summary>
    private static void AssertToolResultReachedChat(JsonElement body, string callId, string result)
    {
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "tool"], messages.Select(m => m.GetProperty("role").GetString()));
        var call = messages[1].GetProperty("tool_calls")[0];
        Assert.Equal((callId, "lookup"), (call.GetProperty("id").GetString(), call.GetProperty("function").GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.ValueKind);
        Assert.Equal((callId, result), (messages[2].GetProperty("tool_call_id").GetString(), messages[2].GetProperty("content").GetString()));
        Assert.Equal("lookup", body.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
    }
}
