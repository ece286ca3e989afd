using Microsoft.AspNetCore.Http;
using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Protocols.Translation;

/// <summary>
/// An upstream's whole answer written as the client's protocol's stream (training mode's winner, read after scoring):
/// read into parts by the upstream's reader, so tool calls, the finish reason and usage reach the client as they would
/// have streamed, and written by the client's stream writer. The answer is named by its catalog model.
/// </summary>
internal static class WholeAsStream
{
    public static async Task WriteAsync(IChatProtocol client, IChatProtocol upstream, HttpResponse response, string model,
        ReadOnlyMemory<byte> answer, bool streamed, ChatRequest request, CancellationToken ct)
    {
        var parts = new List<AnswerPart>();
        var reader = upstream.Reader(streamed);
        reader.Read(answer.Span, parts);
        reader.End(parts);
        if (!parts.OfType<FinishPart>().Any()) parts.Add(new FinishPart("stop"));

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var writer = client.Writer(request, eventStream: true);
        var output = response.BodyWriter;
        writer.Write(output, new StartPart(null, model));
        foreach (var part in parts)
            if (part is not StartPart) writer.Write(output, part);
        writer.End(output);
        await output.FlushAsync(ct);
    }
}
