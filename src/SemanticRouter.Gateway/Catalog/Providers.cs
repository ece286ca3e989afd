using SemanticRouter.Gateway.Protocols;
using SemanticRouter.Gateway.Protocols.Anthropic;
using SemanticRouter.Gateway.Protocols.OpenAi;

namespace SemanticRouter.Gateway.Catalog;

/// <summary>The provider styles a catalog model can name (<c>Gateway:Models[i].Provider</c>), each a protocol and where its key goes.</summary>
internal static class Providers
{
    public static readonly string[] Names = ["openai", "azure", "anthropic"];

    /// <summary>The Azure OpenAI <c>api-version</c> used when a model sets none.</summary>
    public const string DefaultAzureApiVersion = "2024-10-21";

    public static IChatProtocol Protocol(ModelEndpointOptions model) => model.Provider switch
    {
        "azure" => new OpenAiChatProtocol(new AzureDeployment(model.UpstreamModel ?? model.Name, model.ApiVersion ?? DefaultAzureApiVersion)),
        "anthropic" => model.ApiVersion is { } version ? new AnthropicProtocol(version) : ChatProtocols.AnthropicMessages,
        _ => ChatProtocols.OpenAiChat,
    };

    /// <summary>The protocol an upstream's model list names for a model (our extension; absent: Chat Completions).</summary>
    public static IChatProtocol? Listed(string? protocol) =>
        protocol == ChatProtocols.AnthropicMessages.Name ? ChatProtocols.AnthropicMessages : null;
}
