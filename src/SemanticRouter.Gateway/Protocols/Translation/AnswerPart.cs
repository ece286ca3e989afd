namespace SemanticRouter.Gateway.Protocols.Translation;

/// <summary>
/// A piece of an answer in no protocol's words: what a translating relay reads out of an upstream's answer (whole
/// or streamed) and writes into the client's protocol. Finish reasons use OpenAI Chat's names (<c>stop</c>,
/// <c>length</c>, <c>tool_calls</c>, <c>content_filter</c>); each protocol maps its own to them.
/// </summary>
internal abstract record AnswerPart;

/// <summary>The answer's id and model as the upstream named them (the first part of an answer).</summary>
internal sealed record StartPart(string? Id, string? Model) : AnswerPart;

internal sealed record TextPart(string Text) : AnswerPart;

/// <summary>A tool call's start (<see cref="Id"/> and <see cref="Name"/> set) or a piece of its JSON arguments.</summary>
internal sealed record ToolCallPart(int Index, string? Id, string? Name, string Arguments) : AnswerPart;

internal sealed record FinishPart(string Reason) : AnswerPart;

internal sealed record UsagePart(int? InputTokens, int? OutputTokens) : AnswerPart;

/// <summary>The upstream answered with an error instead of an answer.</summary>
internal sealed record ErrorPart(string Message, string Type) : AnswerPart;

/// <summary>Reads an upstream's answer, in its protocol, into parts as its bytes arrive.</summary>
internal interface IAnswerReader
{
    void Read(ReadOnlySpan<byte> data, List<AnswerPart> parts);

    /// <summary>The parts of what was held back (a whole JSON answer is read here).</summary>
    void End(List<AnswerPart> parts);
}

/// <summary>Writes parts as a client's protocol answers, stream or whole.</summary>
internal interface IAnswerWriter
{
    void Write(System.Buffers.IBufferWriter<byte> client, AnswerPart part);

    void End(System.Buffers.IBufferWriter<byte> client);
}

/// <summary>An answer translated between protocols as it arrives: the upstream's reader into the client's writer.</summary>
internal sealed class TranslatingRelay(IAnswerReader reader, IAnswerWriter writer) : IAnswerRelay
{
    private readonly List<AnswerPart> _parts = [];

    public void Write(System.Buffers.IBufferWriter<byte> client, ReadOnlySpan<byte> data)
    {
        reader.Read(data, _parts);
        Drain(client);
    }

    public void Flush(System.Buffers.IBufferWriter<byte> client)
    {
        reader.End(_parts);
        Drain(client);
        writer.End(client);
    }

    private void Drain(System.Buffers.IBufferWriter<byte> client)
    {
        foreach (var part in _parts) writer.Write(client, part);
        _parts.Clear();
    }
}
