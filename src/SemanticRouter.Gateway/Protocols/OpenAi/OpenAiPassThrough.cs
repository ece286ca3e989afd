using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Protocols.OpenAi;

/// <summary>
/// An OpenAI Chat Completions client and upstream: the client's body goes out as it came, or edited in place (the
/// model replaced, usage asked for on a stream); the answer passes through, less the usage chunk the client did not
/// ask for.
/// </summary>
internal sealed class OpenAiPassThrough : IProtocolTranslator
{
    public static readonly OpenAiPassThrough Instance = new();

    /// <summary>Streams are always sent upstream asking for usage (the flywheel and token budgets need it); the client sees it only if it asked.</summary>
    private static bool AsksUsage(ChatRequest request) => request.Stream && !request.IncludeUsage;

    public ReadOnlyMemory<byte> RelayedBody(ReadOnlyMemory<byte> body, ChatRequest request, string upstreamModel) =>
        OpenAiRequestBody.ForUpstream(body, request, upstreamModel, AsksUsage(request));

    public ReadOnlyMemory<byte> WholeAnswerBody(ReadOnlyMemory<byte> body, ChatRequest request, string upstreamModel) =>
        OpenAiRequestBody.Rewrite(body, upstreamModel, stream: false);

    public IAnswerRelay? Relay(ChatRequest request, bool eventStream) => eventStream && AsksUsage(request) ? new UsageChunkFilter() : null;
}
