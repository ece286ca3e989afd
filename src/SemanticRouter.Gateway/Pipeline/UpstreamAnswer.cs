using SemanticRouter.Gateway.Protocols;

namespace SemanticRouter.Gateway.Pipeline;

/// <summary>
/// What came back from one upstream call, as the flywheel needs it: the status, the response bytes (up to a cap:
/// complete unless <see cref="Truncated"/>), and the timings measured at the gateway.
/// </summary>
internal sealed record UpstreamAnswer(
    int Status,
    ReadOnlyMemory<byte> Body,
    bool Streamed,
    bool Truncated,
    double LatencyMs,
    double? TtftMs,
    string? Error)
{
    public bool Succeeded => Status is >= 200 and < 300 && Error is null && !Truncated;

    /// <summary>The text and usage in the answer, read in the protocol of the upstream that gave it.</summary>
    public ParsedAnswer Read(IChatProtocol upstream) => upstream.ReadAnswer(Body, Streamed);
}
