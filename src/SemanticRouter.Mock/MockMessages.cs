using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SemanticRouter.Contracts;

namespace SemanticRouter.Mock;

/// <summary>
/// <c>POST /v1/messages</c>: the same signed answer as Chat Completions, in Anthropic Messages' words, for the models a
/// world marks <c>"protocol": "anthropic-messages"</c>: a <c>message</c>, or its event stream. When <c>tool_choice</c>
/// forces a tool (<c>any</c> or <c>tool</c>), the answer is a call of that tool instead, with the question as input.
/// </summary>
internal sealed class MockMessages(MockOptions options)
{
    private const int StreamPieces = 8;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
        }
        catch (JsonException e)
        {
            return Error(400, "invalid_request_error", $"The request body is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (context.Request.Headers["anthropic-version"].Count == 0)
                return Error(400, "invalid_request_error", "The anthropic-version header is required.");
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("max_tokens", out var max) || max.ValueKind != JsonValueKind.Number)
                return Error(400, "invalid_request_error", "max_tokens: Field required");
            var id = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
            if (options.World.Find(id) is not { SpeaksAnthropic: true } model)
                return Error(404, "not_found_error", $"model: {id}");
            if (!model.Takes(MediaBlocks(root)))
                return Error(400, "invalid_request_error", $"The model '{model.Id}' does not accept image or document input.");
            var question = LastUserText(root);
            var labeled = options.Questions.Find(question);
            var latency = options.World.Latency(question, labeled?.Difficulty ?? 2, model) * options.LatencyScale;
            var answer = MockAnswers.Compose(question, model);
            var tool = ForcedTool(root);
            var (input, output) = (MockAnswers.EstimateTokens(question), MockAnswers.EstimateTokens(answer));
            var message = new Message($"msg_mock_{Guid.NewGuid():N}", model.Id, tool is null ? answer : null, tool, input, output);
            var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
            if (stream) await StreamAsync(context, message, latency);
            else
            {
                if (latency > TimeSpan.Zero) await Task.Delay(latency, context.RequestAborted);
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(Json(w => Whole(w, message)), context.RequestAborted);
            }
            return Results.Empty;
        }
    }

    private sealed record Message(string Id, string Model, string? Text, string? Tool, int InputTokens, int OutputTokens)
    {
        public string ToolId { get; } = $"toolu_mock_{Guid.NewGuid():N}";
    }

    /// <summary>The text of the last user message (its text blocks joined by line breaks), as the gateway reads a question.</summary>
    private static string LastUserText(JsonElement root)
    {
        var question = "";
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array) return question;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || role.GetString() != "user") continue;
            if (!message.TryGetProperty("content", out var content)) continue;
            if (content.ValueKind == JsonValueKind.String)
            {
                question = content.GetString()!;
                continue;
            }
            if (content.ValueKind != JsonValueKind.Array) continue;
            var text = new StringBuilder();
            foreach (var block in content.EnumerateArray())
                if (block.TryGetProperty("type", out var type) && type.GetString() == "text")
                {
                    if (text.Length > 0) text.Append('\n');
                    text.Append(block.GetProperty("text").GetString());
                }
            if (text.Length > 0) question = text.ToString();
        }
        return question;
    }

    /// <summary>The kinds of media in the messages' content blocks: <c>image</c> and <c>file</c> (documents).</summary>
    private static IEnumerable<string> MediaBlocks(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array) yield break;
        foreach (var message in messages.EnumerateArray())
            if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
                foreach (var block in content.EnumerateArray())
                    switch (block.TryGetProperty("type", out var type) ? type.GetString() : null)
                    {
                        case "image": yield return "image"; break;
                        case "document": yield return "file"; break;
                    }
    }

    /// <summary>The tool a <c>tool_choice</c> of <c>any</c> (the first tool) or <c>tool</c> (that one) forces; null otherwise.</summary>
    private static string? ForcedTool(JsonElement root)
    {
        if (!root.TryGetProperty("tool_choice", out var choice) || choice.ValueKind != JsonValueKind.Object) return null;
        var type = choice.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type == "tool") return choice.GetProperty("name").GetString();
        if (type == "any" && root.TryGetProperty("tools", out var tools) && tools.GetArrayLength() > 0) return tools[0].GetProperty("name").GetString();
        return null;
    }

    private async Task StreamAsync(HttpContext context, Message message, TimeSpan latency)
    {
        var response = context.Response;
        var ct = context.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        if (latency * options.World.TtftFraction is var first && first > TimeSpan.Zero) await Task.Delay(first, ct);
        await Event(response, "message_start", w =>
        {
            w.WritePropertyName("message");
            Head(w, message);
            w.WriteStartArray("content");
            w.WriteEndArray();
            w.WriteNull("stop_reason");
            Usage(w, message.InputTokens, 1);
            w.WriteEndObject();
        }, ct);
        await Event(response, "content_block_start", w =>
        {
            w.WriteNumber("index", 0);
            w.WritePropertyName("content_block");
            if (message.Tool is null) TextBlock(w, "");
            else ToolBlock(w, message, empty: true);
        }, ct);
        var pieces = message.Text is { } text ? MockChat.Split(text, StreamPieces) : [ToolInput(message)];
        var gap = latency * (1 - options.World.TtftFraction) / pieces.Count;
        for (var i = 0; i < pieces.Count; i++)
        {
            if (i > 0 && gap > TimeSpan.Zero) await Task.Delay(gap, ct);
            await Event(response, "content_block_delta", w =>
            {
                w.WriteNumber("index", 0);
                w.WriteStartObject("delta");
                w.WriteString("type", message.Tool is null ? "text_delta" : "input_json_delta");
                w.WriteString(message.Tool is null ? "text" : "partial_json", pieces[i]);
                w.WriteEndObject();
            }, ct);
        }
        await Event(response, "content_block_stop", w => w.WriteNumber("index", 0), ct);
        await Event(response, "message_delta", w =>
        {
            w.WriteStartObject("delta");
            w.WriteString("stop_reason", message.Tool is null ? "end_turn" : "tool_use");
            w.WriteNull("stop_sequence");
            w.WriteEndObject();
            w.WriteStartObject("usage");
            w.WriteNumber("output_tokens", message.OutputTokens);
            w.WriteEndObject();
        }, ct);
        await Event(response, "message_stop", _ => { }, ct);
    }

    private static void Whole(Utf8JsonWriter w, Message message)
    {
        Head(w, message);
        w.WriteStartArray("content");
        if (message.Tool is null) TextBlock(w, message.Text!);
        else ToolBlock(w, message, empty: false);
        w.WriteEndArray();
        w.WriteString("stop_reason", message.Tool is null ? "end_turn" : "tool_use");
        w.WriteNull("stop_sequence");
        Usage(w, message.InputTokens, message.OutputTokens);
        w.WriteEndObject();
    }

    private static void Head(Utf8JsonWriter w, Message message)
    {
        w.WriteStartObject();
        w.WriteString("id", message.Id);
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", message.Model);
    }

    private static void TextBlock(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("type", "text");
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    private static string ToolInput(Message message) => JsonSerializer.Serialize(new Dictionary<string, string> { ["model"] = message.Model });

    private static void ToolBlock(Utf8JsonWriter w, Message message, bool empty)
    {
        w.WriteStartObject();
        w.WriteString("type", "tool_use");
        w.WriteString("id", message.ToolId);
        w.WriteString("name", message.Tool);
        w.WritePropertyName("input");
        if (empty) w.WriteRawValue("{}");
        else w.WriteRawValue(ToolInput(message));
        w.WriteEndObject();
    }

    private static void Usage(Utf8JsonWriter w, int input, int output)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", input);
        w.WriteNumber("output_tokens", output);
        w.WriteEndObject();
    }

    private static readonly JsonWriterOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, Relaxed)) write(writer);
        return output.WrittenSpan.ToArray();
    }

    private static async Task Event(HttpResponse response, string type, Action<Utf8JsonWriter> fields, CancellationToken ct)
    {
        var json = Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            fields(w);
            w.WriteEndObject();
        });
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"event: {type}\ndata: "), ct);
        await response.Body.WriteAsync(json, ct);
        await response.Body.WriteAsync("\n\n"u8.ToArray(), ct);
        await response.Body.FlushAsync(ct);
    }

    private static IResult Error(int status, string type, string message) => Results.Json(
        new Dictionary<string, object> { ["type"] = "error", ["error"] = new Dictionary<string, string> { ["type"] = type, ["message"] = message } },
        statusCode: status);
}
