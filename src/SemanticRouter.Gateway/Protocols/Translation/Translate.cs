using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Protocols.Translation;

/// <summary>What every request translation does alike: read the body, copy fields, join text parts.</summary>
internal static class Translate
{
    public static JsonObject Root(ReadOnlyMemory<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body.Span)) throw new InvalidRequestException("The request body is not valid UTF-8.", null);
        try
        {
            return JsonNode.Parse(body.Span) as JsonObject ?? throw new InvalidRequestException("The request body must be a JSON object.", null);
        }
        catch (JsonException e)
        {
            throw new InvalidRequestException($"The request body is not valid JSON: {e.Message}", null);
        }
    }

    public static void Copy(JsonObject from, JsonObject to, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
            if (from[name] is { } value) to[name] = value.DeepClone();
    }

    public static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static string String(JsonNode node, string param) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
            : throw new InvalidRequestException($"'{param}' must be a string.", param);

    /// <summary>The text of text parts (any <c>*text</c> type), joined by line breaks; any other part is refused.</summary>
    public static string JoinText(JsonArray parts, string param)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            var type = part?["type"]?.GetValue<string>();
            if (type is not ("text" or "input_text" or "output_text"))
                throw new InvalidRequestException($"Content part '{type}' cannot be translated here; only text can.", param);
            if (text.Length > 0) text.Append('\n');
            text.Append(part!["text"]?.GetValue<string>());
        }
        return text.ToString();
    }

    /// <summary>The checks and the fields routing needs, read from a client's request translated to Chat Completions.</summary>
    public static ChatRequest Parse(Func<JsonObject> toChat, RequestLimits limits)
    {
        JsonObject chat;
        try
        {
            chat = toChat();
        }
        catch (InvalidOperationException e)
        {
            // a JSON value of the wrong type where a translation reads a field
            throw new InvalidRequestException($"The request has a field of the wrong type: {e.Message}", null);
        }
        return ChatRequest.Parse(JsonSerializer.SerializeToUtf8Bytes(chat, TranslationJson.Options), limits);
    }

    /// <summary>Ends a stream that broke after bytes went out with the protocol's error event.</summary>
    public static async Task EndStreamAsync(Microsoft.AspNetCore.Http.HttpResponse response, string eventName, Action<Utf8JsonWriter> fields)
    {
        try
        {
            JsonOut.Event(response.BodyWriter, eventName, w =>
            {
                w.WriteStartObject();
                fields(w);
                w.WriteEndObject();
            });
            await response.BodyWriter.FlushAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // the client left too
        }
    }
}
