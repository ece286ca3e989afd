using System.Text;
using System.Text.Json;
using SemanticRouter.Gateway.Forwarding;

namespace SemanticRouter.Gateway.Evaluation;

/// <summary>The answer text and token usage read back from a chat completion (JSON or an SSE stream).</summary>
public sealed record ParsedAnswer(string Text, string? Model, int? PromptTokens, int? CompletionTokens)
{
    public static ParsedAnswer From(UpstreamAnswer answer) => answer.Streamed ? FromStream(answer.Body.Span) : FromJson(answer.Body);

    public static ParsedAnswer FromJson(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var text = root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array
                && choices.GetArrayLength() > 0 && choices[0].TryGetProperty("message", out var message)
                && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                ? content.GetString()! : "";
            var (prompt, completion) = Usage(root);
            return new ParsedAnswer(text, StringOrNull(root, "model"), prompt, completion);
        }
        catch (JsonException)
        {
            return new ParsedAnswer("", null, null, null);
        }
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
