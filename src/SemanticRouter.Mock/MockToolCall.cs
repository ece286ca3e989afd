using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SemanticRouter.Contracts;

namespace SemanticRouter.Mock;

/// <summary>
/// A Chat Completions answer that calls a tool: when <c>tool_choice</c> forces one (<c>required</c>: the first tool; a
/// named function: that one), the mock calls it with <c>{"model": id}</c>, whole or streamed, finish reason <c>tool_calls</c>.
/// </summary>
internal static class MockToolCall
{
    public static string? Forced(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (!root.TryGetProperty("tool_choice", out var choice)) return null;
        if (choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("function", out var f)) return f.GetProperty("name").GetString();
        if (choice.ValueKind == JsonValueKind.String && choice.GetString() == "required"
            && root.TryGetProperty("tools", out var tools) && tools.GetArrayLength() > 0)
            return tools[0].GetProperty("function").GetProperty("name").GetString();
        return null;
    }

    public static async Task WriteAsync(HttpResponse response, bool stream, string id, long created, string model, string tool, Usage usage, bool includeUsage, CancellationToken ct)
    {
        var arguments = JsonSerializer.Serialize(new Dictionary<string, string> { ["model"] = model });
        var callId = $"call_mock_{Guid.NewGuid():N}";
        if (!stream)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(Json(w =>
            {
                Head(w, id, "chat.completion", created, model);
                w.WriteStartArray("choices");
                w.WriteStartObject();
                w.WriteNumber("index", 0);
                w.WriteStartObject("message");
                w.WriteString("role", "assistant");
                w.WriteNull("content");
                Calls(w, callId, tool, arguments);
                w.WriteEndObject();
                w.WriteString("finish_reason", "tool_calls");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WritePropertyName("usage");
                JsonSerializer.Serialize(w, usage, ContractsJson.Context.Usage);
                w.WriteEndObject();
            }), ct);
            return;
        }
        response.ContentType = "text/event-stream";
        foreach (var (delta, finish) in new (Action<Utf8JsonWriter>?, string?)[]
                 {
                     (w => Calls(w, callId, tool, arguments), null),
                     (null, "tool_calls"),
                 })
            await response.WriteAsync("data: " + Json(w =>
            {
                Head(w, id, "chat.completion.chunk", created, model);
                w.WriteStartArray("choices");
                w.WriteStartObject();
                w.WriteNumber("index", 0);
                w.WriteStartObject("delta");
                delta?.Invoke(w);
                w.WriteEndObject();
                if (finish is null) w.WriteNull("finish_reason");
                else w.WriteString("finish_reason", finish);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }) + "\n\n", ct);
        if (includeUsage) await ServerSentEvents.WriteAsync(response.Body, new ChatCompletionChunk(id, "chat.completion.chunk", created, model, [], usage), ct);
        await ServerSentEvents.WriteDoneAsync(response.Body, ct);
    }

    private static void Head(Utf8JsonWriter w, string id, string type, long created, string model)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("object", type);
        w.WriteNumber("created", created);
        w.WriteString("model", model);
    }

    private static void Calls(Utf8JsonWriter w, string callId, string tool, string arguments)
    {
        w.WriteStartArray("tool_calls");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteString("id", callId);
        w.WriteString("type", "function");
        w.WriteStartObject("function");
        w.WriteString("name", tool);
        w.WriteString("arguments", arguments);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output)) write(writer);
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
