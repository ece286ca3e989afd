using System.Text;
using System.Text.Json;
using SemanticRouter.Gateway.Forwarding;

namespace SemanticRouter.Gateway.Evaluation;

/// <summary>The answer text and token usage read back from a chat completion (JSON or an SSE stream).</summary>
public sealed record ParsedAnswer(string Text, string? Model, int? PromptTokens, int? CompletionTokens)
{
    public static ParsedAnswer From(UpstreamAnswer answer) => answer.Streamed ? FromStream(answer.Body.Span) : FromJson(answer.Body);

    private static readonly ParsedAnswer Unreadable = new("", null, null, null);

    /// <summary>
    /// Reads <c>choices[0].message.content</c>, <c>model</c> and <c>usage</c> in one forward pass with a
    /// <see cref="Utf8JsonReader"/>: every answer the gateway relays is read here, and a DOM of the whole body
    /// costs several times more.
    /// </summary>
    public static ParsedAnswer FromJson(ReadOnlyMemory<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return Unreadable;
            string text = "";
            string? model = null;
            int? prompt = null, completion = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader;
                reader.Read();
                if (name.ValueTextEquals("choices"u8)) text = FirstMessageContent(ref reader) ?? "";
                else if (name.ValueTextEquals("usage"u8)) (prompt, completion) = Usage(ref reader);
                else if (name.ValueTextEquals("model"u8) && reader.TokenType == JsonTokenType.String) model = reader.GetString();
                else reader.Skip();
            }
            return new ParsedAnswer(text, model, prompt, completion);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Unreadable;
        }
    }

    /// <summary>The content of the first choice's message, the reader left on the end of the array.</summary>
    private static string? FirstMessageContent(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }
        string? content = null;
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (first && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isMessage = reader.ValueTextEquals("message"u8);
                    reader.Read();
                    if (isMessage && reader.TokenType == JsonTokenType.StartObject) content = StringProperty(ref reader, "content"u8);
                    else reader.Skip();
                }
            }
            else reader.Skip();
            first = false;
        }
        return content;
    }

    private static (int?, int?) Usage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return (null, null);
        }
        int? prompt = null, completion = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader;
            reader.Read();
            int? value = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var i) ? i : null;
            if (name.ValueTextEquals("prompt_tokens"u8)) prompt = value;
            else if (name.ValueTextEquals("completion_tokens"u8)) completion = value;
            else reader.Skip();
        }
        return (prompt, completion);
    }

    /// <summary>A string property of the object the reader is on, the reader left on the object's end.</summary>
    private static string? StringProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> property)
    {
        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(property);
            reader.Read();
            if (match && reader.TokenType == JsonTokenType.String) value = reader.GetString();
            else reader.Skip();
        }
        return value;
    }

    public static ParsedAnswer FromStream(ReadOnlySpan<byte> sse)
    {
        var text = new StringBuilder();
        string? model = null;
        int? prompt = null, completion = null;
        foreach (var range in sse.Split((byte)'\n'))
        {
            var line = sse[range].TrimEnd((byte)'\r');
            if (!line.StartsWith("data:"u8)) continue;
            var data = line["data:".Length..].TrimStart((byte)' ');
            if (data.SequenceEqual("[DONE]"u8)) break;
            try
            {
                using var chunk = JsonDocument.Parse(data.ToArray());
                var root = chunk.RootElement;
                model ??= StringOrNull(root, "model");
                if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
                    foreach (var choice in choices.EnumerateArray())
                        if (choice.TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String)
                            text.Append(c.GetString());
                if (Usage(root) is ({ } p, { } t)) (prompt, completion) = (p, t);
            }
            catch (JsonException)
            {
                // a malformed event does not spoil the rest of the stream
            }
        }
        return new ParsedAnswer(text.ToString(), model, prompt, completion);
    }

    private static (int?, int?) Usage(JsonElement root) =>
        root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
            ? (IntOrNull(usage, "prompt_tokens"), IntOrNull(usage, "completion_tokens"))
            : (null, null);

    private static int? IntOrNull(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static string? StringOrNull(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
