using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>Reads a request body under a size limit, and rewrites its <c>model</c> when the router chose one.</summary>
internal static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) throw GatewayException.TooLarge(limit);
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await request.Body.ReadAsync(memory, ct);
            if (read == 0) return buffer.WrittenMemory;
            buffer.Advance(read);
            if (buffer.WrittenCount > limit) throw GatewayException.TooLarge(limit);
        }
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
