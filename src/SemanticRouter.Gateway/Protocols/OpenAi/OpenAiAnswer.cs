using System.Buffers;
using System.Text.Json;

namespace SemanticRouter.Gateway.Protocols.OpenAi;

/// <summary>The answer text and token usage read back from a chat completion (JSON or an SSE stream).</summary>
internal static class OpenAiAnswer
{
    public static ParsedAnswer Read(ReadOnlyMemory<byte> body, bool streamed) => streamed ? FromStream(body.Span) : FromJson(body);

    private static readonly ParsedAnswer Unreadable = ParsedAnswer.Empty;

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

    /// <summary>
    /// Reads an SSE stream's events with a <see cref="Utf8JsonReader"/> each: the deltas' content (every choice's, in
    /// order), the first <c>model</c> and the last <c>usage</c>. The text is copied into one buffer (the content can
    /// never hold more characters than the stream has bytes), so a stream of a hundred events is one string.
    /// </summary>
    public static ParsedAnswer FromStream(ReadOnlySpan<byte> sse)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(16, sse.Length));
        try
        {
            var stream = new StreamState(chars);
            foreach (var range in sse.Split((byte)'\n'))
            {
                var line = sse[range].TrimEnd((byte)'\r');
                if (!line.StartsWith("data:"u8)) continue;
                var data = line["data:".Length..].TrimStart((byte)' ');
                if (data.SequenceEqual("[DONE]"u8)) break;
                var before = stream;
                try
                {
                    var reader = new Utf8JsonReader(data);
                    ReadEvent(ref reader, ref stream);
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException)
                {
                    stream = before; // a malformed event counts for nothing and does not spoil the rest of the stream
                }
            }
            return new ParsedAnswer(new string(chars, 0, stream.Length), stream.Model, stream.PromptTokens, stream.CompletionTokens);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>What the events read so far have said; <see cref="Length"/> characters of content are in the buffer.</summary>
    private ref struct StreamState(char[] text)
    {
        public readonly Span<char> Text = text;
        public int Length;
        public string? Model;
        public int? PromptTokens, CompletionTokens;
    }

    private static void ReadEvent(ref Utf8JsonReader reader, ref StreamState stream)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader;
            reader.Read();
            if (name.ValueTextEquals("choices"u8) && reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) ReadChoiceDelta(ref reader, ref stream);
            }
            else if (name.ValueTextEquals("usage"u8))
            {
                if (Usage(ref reader) is ({ } prompt, { } completion)) (stream.PromptTokens, stream.CompletionTokens) = (prompt, completion);
            }
            else if (name.ValueTextEquals("model"u8) && reader.TokenType == JsonTokenType.String) stream.Model ??= reader.GetString();
            else reader.Skip();
        }
    }

    /// <summary>Appends a choice's <c>delta.content</c>; the reader left on the choice's end.</summary>
    private static void ReadChoiceDelta(ref Utf8JsonReader reader, ref StreamState stream)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isDelta = reader.ValueTextEquals("delta"u8);
            reader.Read();
            if (!isDelta || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isContent = reader.ValueTextEquals("content"u8);
                reader.Read();
                if (isContent && reader.TokenType == JsonTokenType.String) stream.Length += reader.CopyString(stream.Text[stream.Length..]);
                else reader.Skip();
            }
        }
    }
}
