using SemanticRouter.Gateway.Protocols.OpenAi;

namespace SemanticRouter.Gateway.Protocols;

/// <summary>The protocols the gateway speaks, and the translator for each pair it can join.</summary>
internal static class ChatProtocols
{
    public static readonly IChatProtocol OpenAiChat = new OpenAiChatProtocol();

    /// <summary>The translator from a client's protocol to an upstream's; one per pair the gateway can join.</summary>
    public static IProtocolTranslator Translator(IChatProtocol client, IChatProtocol upstream) => (client, upstream) switch
    {
        (OpenAiChatProtocol, OpenAiChatProtocol) => OpenAiPassThrough.Instance,
        _ => throw new NotSupportedException($"No translation from {client.Name} to {upstream.Name}."),
    };
}
