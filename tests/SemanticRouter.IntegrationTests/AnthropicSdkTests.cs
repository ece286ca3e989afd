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
}
