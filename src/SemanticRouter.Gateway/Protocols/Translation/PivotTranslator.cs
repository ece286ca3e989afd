using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Protocols.Translation;

/// <summary>
/// Joins two different protocols through Chat Completions: the client's request becomes a chat request, then the
/// upstream's; the upstream's answer is read into parts and written in the client's protocol as it arrives.
/// </summary>
internal sealed class PivotTranslator(IChatProtocol client, IChatProtocol upstream) : IProtocolTranslator
{
    public ReadOnlyMemory<byte> RelayedBody(ReadOnlyMemory<byte> body, ChatRequest request, string upstreamModel) =>
        upstream.FromChat(client.ToChat(body), upstreamModel, request.Stream);

    public ReadOnlyMemory<byte> WholeAnswerBody(ReadOnlyMemory<byte> body, ChatRequest request, string upstreamModel) =>
        upstream.FromChat(client.ToChat(body), upstreamModel, stream: false);

    public IAnswerRelay Relay(ChatRequest request, bool eventStream) =>
        new TranslatingRelay(upstream.Reader(eventStream), client.Writer(request, eventStream));
}

/// <summary>A client and an upstream of the same protocol that always reports usage: the body with its model replaced, the answer as it is.</summary>
internal sealed class SameProtocolPassThrough : IProtocolTranslator
{
    public static readonly SameProtocolPassThrough Instance = new();

    public ReadOnlyMemory<byte> RelayedBody(ReadOnlyMemory<byte> body, ChatRequest request, string upstreamModel) =>
        request.Model == upstreamModel ? body : OpenAi.OpenAiRequestBody.Rewrite(body, upstreamModel);

    public ReadOnlyMemory<byte> WholeAnswerBody(ReadOnlyMemory<byte> body, ChatRequest request, string upstreamModel) =>
        OpenAi.OpenAiRequestBody.Rewrite(body, upstreamModel, stream: false);

    public IAnswerRelay? Relay(ChatRequest request, bool eventStream) => null;
}
