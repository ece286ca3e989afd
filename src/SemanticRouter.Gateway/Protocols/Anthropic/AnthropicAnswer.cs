using System.Buffers;
using System.Text.Json;
using SemanticRouter.Gateway.Protocols.Translation;

namespace SemanticRouter.Gateway.Protocols.Anthropic;

/// <summary>Anthropic's stop reasons and Chat Completions' finish reasons, both ways.</summary>
internal static class StopReasons
{
    public static string ToFinish(string? stop) => stop switch
    {
        "max_tokens" or "model_context_window_exceeded" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",
        _ => "stop",
    };

    public static string FromFinish(string? finish) => finish switch
    {
        "length" => "max_tokens",
        "tool_calls" or "function_call" => "tool_use",
        "content_filter" => "refusal",
        _ => "end_turn",
    };
}

/// <summary>A whole Messages answer (<c>type: message</c>, or <c>type: error</c>) read into answer parts.</summary>
internal sealed class MessageReader : WholeAnswerReader
{
    protected override void Read(JsonElement answer, List<AnswerPart> parts)
    {
        if (answer.Str("type") == "error" || answer.Obj("error") is not null && answer.Obj("content") is null)
        {
            var error = answer.Obj("error");
            parts.Add(new ErrorPart(error?.Str("message") ?? "upstream error", error?.Str("type") ?? "upstream_error"));
            return;
        }
        parts.Add(new StartPart(answer.Str("id"), answer.Str("model")));
        var toolIndex = 0;
        if (answer.Obj("content") is { ValueKind: JsonValueKind.Array } content)
            foreach (var block in content.EnumerateArray())
            {
                if (block.Str("type") == "text" && block.Str("text") is { } text) parts.Add(new TextPart(text));
                else if (block.Str("type") == "tool_use")
                    parts.Add(new ToolCallPart(toolIndex++, block.Str("id"), block.Str("name"),
                        block.Obj("input") is { } input ? input.GetRawText() : "{}"));
            }
        parts.Add(new FinishPart(StopReasons.ToFinish(answer.Str("stop_reason"))));
        if (answer.Obj("usage") is { } usage) parts.Add(new UsagePart(usage.Int("input_tokens"), usage.Int("output_tokens")));
    }
}

/// <summary>A Messages stream (<c>message_start</c> … <c>message_stop</c>) read into answer parts.</summary>
internal sealed class MessageEventReader : StreamAnswerReader
{
    private readonly Dictionary<int, int> _toolIndexByBlock = [];
    private int? _inputTokens;

    protected override void Read(string? name, JsonElement data, List<AnswerPart> parts)
    {
        switch (data.Str("type") ?? name)
        {
            case "message_start" when data.Obj("message") is { } message:
                parts.Add(new StartPart(message.Str("id"), message.Str("model")));
                _inputTokens = message.Obj("usage")?.Int("input_tokens");
                break;
            case "content_block_start" when data.Obj("content_block") is { } block:
                if (block.Str("type") == "tool_use")
                {
                    var index = _toolIndexByBlock[data.Int("index") ?? 0] = _toolIndexByBlock.Count;
                    parts.Add(new ToolCallPart(index, block.Str("id"), block.Str("name"), ""));
                }
                else if (block.Str("type") == "text" && block.Str("text") is { Length: > 0 } text) parts.Add(new TextPart(text));
                break;
            case "content_block_delta" when data.Obj("delta") is { } delta:
                if (delta.Str("type") == "text_delta") parts.Add(new TextPart(delta.Str("text") ?? ""));
                else if (delta.Str("type") == "input_json_delta" && _toolIndexByBlock.TryGetValue(data.Int("index") ?? 0, out var tool))
                    parts.Add(new ToolCallPart(tool, null, null, delta.Str("partial_json") ?? ""));
                break;
            case "message_delta":
                if (data.Obj("delta")?.Str("stop_reason") is { } stop) parts.Add(new FinishPart(StopReasons.ToFinish(stop)));
                if (data.Obj("usage") is { } usage) parts.Add(new UsagePart(usage.Int("input_tokens") ?? _inputTokens, usage.Int("output_tokens")));
                break;
            case "error":
                parts.Add(new ErrorPart(data.Obj("error")?.Str("message") ?? "upstream error", data.Obj("error")?.Str("type") ?? "api_error"));
                break;
        }
    }
}

/// <summary>
/// Answer parts written as Anthropic Messages answers: one <c>message</c> object, or <c>message_start</c>, a content
/// block per text or tool call with its deltas, <c>message_delta</c> (stop reason and usage) and <c>message_stop</c>.
/// </summary>
internal sealed class MessageWriter(bool stream) : IAnswerWriter
{
    private readonly AnswerSummary _summary = new();
    private readonly string _id = $"msg_{Guid.NewGuid():N}";
    private bool _started;
    private int _block = -1;
    private int? _openTool;
    private bool _textOpen;

    public void Write(IBufferWriter<byte> client, AnswerPart part)
    {
        _summary.Apply(part);
        if (!stream) return;
        if (part is ErrorPart error)
        {
            Event(client, "error", w => ErrorFields(w, error));
            return;
        }
        switch (part)
        {
            case TextPart text:
                Start(client);
                if (!_textOpen)
                {
                    Open(client, w =>
                    {
                        w.WriteString("type", "text");
                        w.WriteString("text", "");
                    });
                    _textOpen = true;
                }
                Event(client, "content_block_delta", w =>
                {
                    w.WriteNumber("index", _block);
                    w.WriteStartObject("delta");
                    w.WriteString("type", "text_delta");
                    w.WriteString("text", text.Text);
                    w.WriteEndObject();
                });
                break;
            case ToolCallPart call:
                Start(client);
                if (_openTool != call.Index)
                {
                    var started = _summary.ToolCalls[call.Index];
                    Open(client, w =>
                    {
                        w.WriteString("type", "tool_use");
                        w.WriteString("id", started.Id);
                        w.WriteString("name", started.Name);
                        w.WriteStartObject("input");
                        w.WriteEndObject();
                    });
                    _openTool = call.Index;
                }
                if (call.Arguments.Length > 0)
                    Event(client, "content_block_delta", w =>
                    {
                        w.WriteNumber("index", _block);
                        w.WriteStartObject("delta");
                        w.WriteString("type", "input_json_delta");
                        w.WriteString("partial_json", call.Arguments);
                        w.WriteEndObject();
                    });
                break;
        }
    }

    public void End(IBufferWriter<byte> client)
    {
        if (!stream)
        {
            JsonOut.Json(client, w =>
            {
                if (_summary.Error is { } error)
                {
                    w.WriteStartObject();
                    ErrorFields(w, error);
                    w.WriteEndObject();
                }
                else Message(w, final: true);
            });
            return;
        }
        if (_summary.Error is not null) return;
        Start(client);
        Close(client);
        Event(client, "message_delta", w =>
        {
            w.WriteStartObject("delta");
            w.WriteString("stop_reason", StopReasons.FromFinish(_summary.Finish));
            w.WriteNull("stop_sequence");
            w.WriteEndObject();
            w.WriteStartObject("usage");
            w.WriteNumber("input_tokens", _summary.InputTokens ?? 0);
            w.WriteNumber("output_tokens", _summary.OutputTokens ?? 0);
            w.WriteEndObject();
        });
        Event(client, "message_stop", _ => { });
    }

    private void Start(IBufferWriter<byte> client)
    {
        if (_started) return;
        _started = true;
        Event(client, "message_start", w =>
        {
            w.WritePropertyName("message");
            Message(w, final: false);
        });
    }

    private void Open(IBufferWriter<byte> client, Action<Utf8JsonWriter> block)
    {
        Close(client);
        _block++;
        Event(client, "content_block_start", w =>
        {
            w.WriteNumber("index", _block);
            w.WriteStartObject("content_block");
            block(w);
            w.WriteEndObject();
        });
    }

    private void Close(IBufferWriter<byte> client)
    {
        if (!_textOpen && _openTool is null) return;
        Event(client, "content_block_stop", w => w.WriteNumber("index", _block));
        (_textOpen, _openTool) = (false, null);
    }

    private static void Event(IBufferWriter<byte> client, string type, Action<Utf8JsonWriter> body) =>
        JsonOut.Event(client, type, w =>
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            body(w);
            w.WriteEndObject();
        });

    internal static void ErrorFields(Utf8JsonWriter w, ErrorPart error)
    {
        w.WriteString("type", "error");
        w.WriteStartObject("error");
        w.WriteString("type", error.Type == "invalid_request_error" ? error.Type : "api_error");
        w.WriteString("message", error.Message);
        w.WriteEndObject();
    }

    /// <summary>The message object; with <paramref name="final"/>, its content, stop reason and usage.</summary>
    private void Message(Utf8JsonWriter w, bool final)
    {
        w.WriteStartObject();
        w.WriteString("id", _id);
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", _summary.Model ?? "");
        w.WriteStartArray("content");
        if (final)
        {
            if (_summary.Text.Length > 0)
            {
                w.WriteStartObject();
                w.WriteString("type", "text");
                w.WriteString("text", _summary.Text.ToString());
                w.WriteEndObject();
            }
            foreach (var call in _summary.ToolCalls.Values)
            {
                w.WriteStartObject();
                w.WriteString("type", "tool_use");
                w.WriteString("id", call.Id);
                w.WriteString("name", call.Name);
                w.WritePropertyName("input");
                JsonOut.RawObject(w, call.Arguments.ToString());
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
        if (final) w.WriteString("stop_reason", StopReasons.FromFinish(_summary.Finish));
        else w.WriteNull("stop_reason");
        w.WriteNull("stop_sequence");
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", _summary.InputTokens ?? 0);
        w.WriteNumber("output_tokens", final ? _summary.OutputTokens ?? 0 : 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
