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

/// <summary>Writes a whole answer as a protocol's stream, through its writer (training mode's winner).</summary>
internal static class WholeAsStream
{
    public static async Task WriteAsync(IChatProtocol protocol, Microsoft.AspNetCore.Http.HttpResponse response, string model,
        ParsedAnswer answer, ChatRequest request, CancellationToken ct)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var writer = protocol.Writer(request, eventStream: true);
        var output = response.BodyWriter;
        writer.Write(output, new StartPart(null, model));
        writer.Write(output, new TextPart(answer.Text));
        writer.Write(output, new FinishPart("stop"));
        if (answer.PromptTokens is not null || answer.CompletionTokens is not null)
            writer.Write(output, new UsagePart(answer.PromptTokens, answer.CompletionTokens));
        writer.End(output);
        await output.FlushAsync(ct);
    }
}
