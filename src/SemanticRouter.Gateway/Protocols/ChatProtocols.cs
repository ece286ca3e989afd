using SemanticRouter.Gateway.Protocols.Anthropic;
using SemanticRouter.Gateway.Protocols.OpenAi;
using SemanticRouter.Gateway.Protocols.Responses;
using SemanticRouter.Gateway.Protocols.Translation;

namespace SemanticRouter.Gateway.Protocols;

/// <summary>The protocols the gateway speaks, and the translator for each pair it can join.</summary>
internal static class ChatProtocols
{
    public static readonly IChatProtocol OpenAiChat = new OpenAiChatProtocol();
    public static readonly IChatProtocol OpenAiResponses = new ResponsesProtocol();
    public static readonly IChatProtocol AnthropicMessages = new AnthropicProtocol();

    /// <summary>
    /// The translator from a client's protocol to an upstream's: the same protocol passes bytes through (the hot path
    /// stays as it was); two different ones are joined through Chat Completions.
    /// </summary>
    public static IProtocolTranslator Translator(IChatProtocol client, IChatProtocol upstream) => (client, upstream) switch
    {
        (OpenAiChatProtocol, OpenAiChatProtocol) => OpenAiPassThrough.Instance,
        (AnthropicProtocol, AnthropicProtocol) => SameProtocolPassThrough.Instance,
        _ => new PivotTranslator(client, upstream),
    };
}
