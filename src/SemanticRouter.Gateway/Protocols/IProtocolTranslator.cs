using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Protocols;

/// <summary>
/// How a request a client sent in one protocol reaches an upstream that speaks another (or the same) one, and how
/// the answer comes back: one per pair, as Envoy AI Gateway pairs its translators. The same protocol's pair edits
/// the client's bytes in place and passes the answer through; a translating pair rewrites both.
/// </summary>
internal interface IProtocolTranslator
{
    /// <summary>The body for the call whose answer is relayed to the client as it arrives.</summary>
    ReadOnlyMemory<byte> RelayedBody(ReadOnlyMemory<byte> body, ChatRequest request, string upstreamModel);

    /// <summary>The body for a call whose whole answer the gateway reads first (baseline shadows, training mode): never a stream.</summary>
    ReadOnlyMemory<byte> WholeAnswerBody(ReadOnlyMemory<byte> body, ChatRequest request, string upstreamModel);

    /// <summary>What turns the upstream's answer into the client's as its bytes arrive; null when they pass as they are.</summary>
    IAnswerRelay? Relay(ChatRequest request, bool eventStream);
}

/// <summary>One answer on its way to the client, read by read (<see cref="IProtocolTranslator.Relay"/>).</summary>
internal interface IAnswerRelay
{
    /// <summary>Writes what can go out of what has arrived so far; may hold back an incomplete event.</summary>
    void Write(System.Buffers.IBufferWriter<byte> client, ReadOnlySpan<byte> data);

    /// <summary>Writes what is still held back, at the end of the answer.</summary>
    void Flush(System.Buffers.IBufferWriter<byte> client);
}
