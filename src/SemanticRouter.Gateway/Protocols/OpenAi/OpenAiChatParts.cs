using System.Buffers;
using System.Text.Json;
using SemanticRouter.Gateway.Protocols.Translation;

namespace SemanticRouter.Gateway.Protocols.OpenAi;

/// <summary>A chat completion (JSON) read into answer parts.</summary>
internal sealed class ChatCompletionReader : WholeAnswerReader
{
    protected override void Read(JsonElement answer, List<AnswerPart> parts)
    {
        if (answer.Obj("error") is { } error)
        {
            parts.Add(new ErrorPart(error.Str("message") ?? "upstream error", error.Str("type") ?? "upstream_error"));
            return;
        }
        parts.Add(new StartPart(answer.Str("id"), answer.Str("model")));
        if (answer.Obj("choices") is { ValueKind: JsonValueKind.Array } choices && choices.GetArrayLength() > 0)
        {
            var choice = choices[0];
            if (choice.Obj("message") is { } message)
            {
                if (message.Str("content") is { Length: > 0 } text) parts.Add(new TextPart(text));
                ChatChunkReader.ToolCalls(message, parts);
            }
            if (choice.Str("finish_reason") is { } finish) parts.Add(new FinishPart(finish));
        }
        ChatChunkReader.Usage(answer, parts);
    }
}

/// <summary>A chat completion stream (<c>chat.completion.chunk</c> events) read into answer parts.</summary>
internal sealed class ChatChunkReader : StreamAnswerReader
{
    private bool _started;

    protected override void Read(string? name, JsonElement data, List<AnswerPart> parts)
    {
        if (data.Obj("error") is { } error)
        {
            parts.Add(new ErrorPart(error.Str("message") ?? "upstream error", error.Str("type") ?? "upstream_error"));
            return;
        }
        if (!_started)
        {
            parts.Add(new StartPart(data.Str("id"), data.Str("model")));
            _started = true;
        }
        if (data.Obj("choices") is { ValueKind: JsonValueKind.Array } choices)
            foreach (var choice in choices.EnumerateArray())
            {
                if (choice.Obj("delta") is { } delta)
                {
                    if (delta.Str("content") is { Length: > 0 } text) parts.Add(new TextPart(text));
                    ToolCalls(delta, parts);
                }
                if (choice.Str("finish_reason") is { } finish) parts.Add(new FinishPart(finish));
            }
        Usage(data, parts);
    }

    internal static void ToolCalls(JsonElement message, List<AnswerPart> parts)
    {
        if (message.Obj("tool_calls") is not { ValueKind: JsonValueKind.Array } calls) return;
        var i = 0;
        foreach (var call in calls.EnumerateArray())
        {
            var function = call.Obj("function");
            parts.Add(new ToolCallPart(call.Int("index") ?? i, call.Str("id"), function?.Str("name"), function?.Str("arguments") ?? ""));
            i++;
        }
    }

    internal static void Usage(JsonElement answer, List<AnswerPart> parts)
    {
        if (answer.Obj("usage") is { ValueKind: JsonValueKind.Object } usage)
            parts.Add(new UsagePart(usage.Int("prompt_tokens"), usage.Int("completion_tokens")));
    }
}

/// <summary>Answer parts written as a chat completion: chunks and <c>[DONE]</c>, or one JSON object.</summary>
internal sealed class ChatCompletionWriter(bool stream, bool includeUsage) : IAnswerWriter
{
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private readonly string _id = $"chatcmpl-{Guid.NewGuid():N}";
    private string _model = "";
    private bool _roleSent;
    private string? _finish;
    private UsagePart? _usage;
    private ErrorPart? _error;
    private readonly System.Text.StringBuilder _text = new();
    private readonly SortedDictionary<int, (string Id, string Name, System.Text.StringBuilder Arguments)> _calls = [];

    public void Write(IBufferWriter<byte> client, AnswerPart part)
    {
        switch (part)
        {
            case StartPart start:
                _model = start.Model ?? _model;
                return;
            case UsagePart usage:
                _usage = usage;
                return;
            case ErrorPart error:
                _error = error;
                if (stream) JsonOut.Event(client, null, w => ErrorBody(w, error));
                return;
        }
        if (!stream)
        {
            Collect(part);
            return;
        }
        switch (part)
        {
            case TextPart text:
                Chunk(client, w => w.WriteString("content", text.Text), null);
                break;
            case ToolCallPart call:
                Chunk(client, w =>
                {
                    w.WriteStartArray("tool_calls");
                    w.WriteStartObject();
                    w.WriteNumber("index", call.Index);
                    if (call.Id is not null)
                    {
                        w.WriteString("id", call.Id);
                        w.WriteString("type", "function");
                    }
                    w.WriteStartObject("function");
                    if (call.Name is not null) w.WriteString("name", call.Name);
                    w.WriteString("arguments", call.Arguments);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                }, null);
                break;
            case FinishPart finish:
                _finish = finish.Reason;
                Chunk(client, _ => { }, finish.Reason);
                break;
        }
    }

    private void Collect(AnswerPart part)
    {
        switch (part)
        {
            case TextPart text:
                _text.Append(text.Text);
                break;
            case ToolCallPart call:
                if (!_calls.TryGetValue(call.Index, out var c)) _calls[call.Index] = c = (call.Id ?? $"call_{Guid.NewGuid():N}", call.Name ?? "", new());
                c.Arguments.Append(call.Arguments);
                break;
            case FinishPart finish:
                _finish = finish.Reason;
                break;
        }
    }

    public void End(IBufferWriter<byte> client)
    {
        if (stream)
        {
            if (includeUsage && _usage is { } u)
                JsonOut.Event(client, null, w =>
                {
                    Head(w, "chat.completion.chunk");
                    w.WriteStartArray("choices");
                    w.WriteEndArray();
                    Usage(w, u);
                    w.WriteEndObject();
                });
            client.Write("data: [DONE]\n\n"u8);
            return;
        }
        if (_error is { } error)
        {
            JsonOut.Json(client, w => ErrorBody(w, error));
            return;
        }
        JsonOut.Json(client, w =>
        {
            Head(w, "chat.completion");
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            if (_text.Length > 0 || _calls.Count == 0) w.WriteString("content", _text.ToString());
            else w.WriteNull("content");
            if (_calls.Count > 0)
            {
                w.WriteStartArray("tool_calls");
                foreach (var (id, name, arguments) in _calls.Values)
                {
                    w.WriteStartObject();
                    w.WriteString("id", id);
                    w.WriteString("type", "function");
                    w.WriteStartObject("function");
                    w.WriteString("name", name);
                    w.WriteString("arguments", arguments.ToString());
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteString("finish_reason", _finish ?? "stop");
            w.WriteEndObject();
            w.WriteEndArray();
            if (_usage is { } usage) Usage(w, usage);
            w.WriteEndObject();
        });
    }

    private void Head(Utf8JsonWriter w, string type)
    {
        w.WriteStartObject();
        w.WriteString("id", _id);
        w.WriteString("object", type);
        w.WriteNumber("created", _created);
        w.WriteString("model", _model);
    }

    private void Chunk(IBufferWriter<byte> client, Action<Utf8JsonWriter> delta, string? finish) =>
        JsonOut.Event(client, null, w =>
        {
            Head(w, "chat.completion.chunk");
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            w.WriteStartObject("delta");
            if (!_roleSent)
            {
                w.WriteString("role", "assistant");
                _roleSent = true;
            }
            delta(w);
            w.WriteEndObject();
            if (finish is null) w.WriteNull("finish_reason");
            else w.WriteString("finish_reason", finish);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static void Usage(Utf8JsonWriter w, UsagePart usage)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", usage.InputTokens ?? 0);
        w.WriteNumber("completion_tokens", usage.OutputTokens ?? 0);
        w.WriteNumber("total_tokens", (usage.InputTokens ?? 0) + (usage.OutputTokens ?? 0));
        w.WriteEndObject();
    }

    internal static void ErrorBody(Utf8JsonWriter w, ErrorPart error)
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", error.Message);
        w.WriteString("type", error.Type);
        w.WriteString("code", "upstream_error");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
