using System.Buffers;
using System.Text.Json;
using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Protocols.OpenAi;

/// <summary>A chat completion request's body for an upstream: its <c>model</c> replaced, usage asked for, or made a whole answer.</summary>
internal static class OpenAiRequestBody
{
    /// <summary>
    /// The body to send to <paramref name="model"/> for a client's request: as it came when it names that model and
    /// needs no usage request; otherwise edited in place (the model's value replaced, <c>stream_options</c> put in
    /// first) when the body allows it, which costs a copy instead of a parse and a rewrite on every stream.
    /// </summary>
    public static ReadOnlyMemory<byte> ForUpstream(ReadOnlyMemory<byte> body, ChatRequest request, string model, bool askUsage)
    {
        if (request.Model == model && !askUsage) return body;
        if (request.ModelValue is not { } value || askUsage && request.HasStreamOptions) return Rewrite(body, model, askUsage: askUsage);
        var span = body.Span;
        var open = span.IndexOfAnyExcept(" \t\r\n"u8);
        if (open < 0 || span[open] != (byte)'{') return Rewrite(body, model, askUsage: askUsage);
        var (start, end) = (value.Start.GetOffset(span.Length), value.End.GetOffset(span.Length));
        var quoted = JsonEncodedText.Encode(model).EncodedUtf8Bytes;
        var usage = askUsage ? UsageOption : [];
        var output = new byte[span.Length - (end - start) + quoted.Length + 2 + usage.Length];
        var at = 0;
        Append(output, ref at, span[..(open + 1)]);
        Append(output, ref at, usage);
        Append(output, ref at, span[(open + 1)..start]);
        output[at++] = (byte)'"';
        Append(output, ref at, quoted);
        output[at++] = (byte)'"';
        Append(output, ref at, span[end..]);
        return output;
    }

    private static ReadOnlySpan<byte> UsageOption => "\"stream_options\":{\"include_usage\":true},"u8;

    private static void Append(Span<byte> output, ref int at, ReadOnlySpan<byte> part)
    {
        part.CopyTo(output[at..]);
        at += part.Length;
    }

    /// <summary>
    /// The same JSON object with <c>model</c> set (first, then every other property); with <paramref name="stream"/>
    /// false, a non-streaming request (no <c>stream_options</c>), as background and fan-out calls need; with
    /// <paramref name="askUsage"/>, <c>stream_options.include_usage</c> set so a stream reports its token usage.
    /// </summary>
    public static byte[] Rewrite(ReadOnlyMemory<byte> body, string model, bool? stream = null, bool askUsage = false)
    {
        using var document = JsonDocument.Parse(body);
        var output = new ArrayBufferWriter<byte>(body.Length + model.Length + 16);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            if (stream is { } value) writer.WriteBoolean("stream", value);
            if (askUsage && stream is not false)
            {
                writer.WriteStartObject("stream_options");
                writer.WriteBoolean("include_usage", true);
                writer.WriteEndObject();
            }
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "model") continue;
                if ((stream is not null || askUsage) && property.Name is "stream" or "stream_options")
                {
                    if (stream is null && property.Name == "stream") property.WriteTo(writer);
                    continue;
                }
                property.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return output.WrittenSpan.ToArray();
    }
}
