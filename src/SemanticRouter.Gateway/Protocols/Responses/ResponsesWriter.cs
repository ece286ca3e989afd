using System.Buffers;
using System.Text.Json;
using SemanticRouter.Gateway.Protocols.Translation;

namespace SemanticRouter.Gateway.Protocols.Responses;

/// <summary>
/// Answer parts written as the Responses API answers: one <c>response</c> object, or the stream of events
/// <c>response.created</c>, <c>response.in_progress</c>, output items with their text and argument deltas, and
/// <c>response.completed</c> (or <c>response.incomplete</c>) carrying the whole response with its usage.
/// </summary>
internal sealed class ResponsesWriter(bool stream, IReadOnlyDictionary<string, string> echo) : IAnswerWriter
{
    /// <summary>The request's fields a response object repeats, with what it says when the request left them out.</summary>
    private static readonly (string Name, string Default)[] EchoedFields = [("parallel_tool_calls", "true"), ("tool_choice", "\"auto\""), ("tools", "[]")];

    public static IEnumerable<string> Echoed => EchoedFields.Select(f => f.Name);

    private readonly string _id = $"resp_{Guid.NewGuid():N}";
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private readonly AnswerSummary _summary = new();
    private readonly List<Item> _items = [];
    private int _sequence;
    private bool _started;
    private Item? _open;

    /// <summary>An output item: the message (its text) or a function call (by the answer's tool call index).</summary>
    private sealed record Item(string Id, int Index, int? ToolIndex);

    public void Write(IBufferWriter<byte> client, AnswerPart part)
    {
        _summary.Apply(part);
        if (!stream) return;
        if (part is ErrorPart error)
        {
            Event(client, "error", w =>
            {
                w.WriteString("code", "upstream_error");
                w.WriteString("message", error.Message);
                w.WriteNull("param");
            });
            return;
        }
        Start(client);
        switch (part)
        {
            case TextPart text:
                if (_open is not { ToolIndex: null }) Open(client, null);
                Event(client, "response.output_text.delta", w =>
                {
                    ItemRef(w, _open!);
                    w.WriteNumber("content_index", 0);
                    w.WriteString("delta", text.Text);
                    w.WriteStartArray("logprobs");
                    w.WriteEndArray();
                });
                break;
            case ToolCallPart call:
                if (_open?.ToolIndex != call.Index) Open(client, call.Index);
                if (call.Arguments.Length > 0)
                    Event(client, "response.function_call_arguments.delta", w =>
                    {
                        ItemRef(w, _open!);
                        w.WriteString("delta", call.Arguments);
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
                if (_summary.Error is { } error) ChatErrorBody(w, error);
                else Response(w, final: true);
            });
            return;
        }
        if (_summary.Error is not null) return;
        Start(client);
        Close(client);
        var incomplete = _summary.Finish is "length" or "content_filter";
        Event(client, incomplete ? "response.incomplete" : "response.completed", w =>
        {
            w.WritePropertyName("response");
            Response(w, final: true);
        });
    }

    private void Start(IBufferWriter<byte> client)
    {
        if (_started) return;
        _started = true;
        foreach (var type in (ReadOnlySpan<string>)["response.created", "response.in_progress"])
            Event(client, type, w =>
            {
                w.WritePropertyName("response");
                Response(w, final: false);
            });
    }

    /// <summary>Closes the open item and opens the next: the message (<paramref name="toolIndex"/> null) or a function call.</summary>
    private void Open(IBufferWriter<byte> client, int? toolIndex)
    {
        Close(client);
        var item = new Item(toolIndex is null ? $"msg_{Guid.NewGuid():N}" : $"fc_{Guid.NewGuid():N}", _items.Count, toolIndex);
        _items.Add(item);
        _open = item;
        Event(client, "response.output_item.added", w =>
        {
            w.WriteNumber("output_index", item.Index);
            w.WritePropertyName("item");
            OutputItem(w, item, done: false);
        });
        if (toolIndex is null)
            Event(client, "response.content_part.added", w =>
            {
                ItemRef(w, item);
                w.WriteNumber("content_index", 0);
                w.WritePropertyName("part");
                TextContent(w, "");
            });
    }

    private void Close(IBufferWriter<byte> client)
    {
        if (_open is not { } item) return;
        _open = null;
        if (item.ToolIndex is { } index)
            Event(client, "response.function_call_arguments.done", w =>
            {
                ItemRef(w, item);
                w.WriteString("name", _summary.ToolCalls[index].Name);
                w.WriteString("arguments", _summary.ToolCalls[index].Arguments.ToString());
            });
        else
        {
            var text = _summary.Text.ToString();
            Event(client, "response.output_text.done", w =>
            {
                ItemRef(w, item);
                w.WriteNumber("content_index", 0);
                w.WriteString("text", text);
                w.WriteStartArray("logprobs");
                w.WriteEndArray();
            });
            Event(client, "response.content_part.done", w =>
            {
                ItemRef(w, item);
                w.WriteNumber("content_index", 0);
                w.WritePropertyName("part");
                TextContent(w, text);
            });
        }
        Event(client, "response.output_item.done", w =>
        {
            w.WriteNumber("output_index", item.Index);
            w.WritePropertyName("item");
            OutputItem(w, item, done: true);
        });
    }

    private static void ItemRef(Utf8JsonWriter w, Item item)
    {
        w.WriteString("item_id", item.Id);
        w.WriteNumber("output_index", item.Index);
    }

    private void Event(IBufferWriter<byte> client, string type, Action<Utf8JsonWriter> body) =>
        JsonOut.Event(client, type, w =>
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteNumber("sequence_number", _sequence++);
            body(w);
            w.WriteEndObject();
        });

    private void OutputItem(Utf8JsonWriter w, Item item, bool done)
    {
        w.WriteStartObject();
        w.WriteString("id", item.Id);
        if (item.ToolIndex is { } index)
        {
            var call = _summary.ToolCalls[index];
            w.WriteString("type", "function_call");
            w.WriteString("status", done ? "completed" : "in_progress");
            w.WriteString("call_id", call.Id);
            w.WriteString("name", call.Name);
            w.WriteString("arguments", done ? call.Arguments.ToString() : "");
        }
        else
        {
            w.WriteString("type", "message");
            w.WriteString("status", done ? "completed" : "in_progress");
            w.WriteString("role", "assistant");
            w.WriteStartArray("content");
            if (done) TextContent(w, _summary.Text.ToString());
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void TextContent(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("type", "output_text");
        w.WriteString("text", text);
        w.WriteStartArray("annotations");
        w.WriteEndArray();
        w.WriteStartArray("logprobs");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The response object; with <paramref name="final"/>, its output and usage.</summary>
    private void Response(Utf8JsonWriter w, bool final)
    {
        w.WriteStartObject();
        w.WriteString("id", _id);
        w.WriteString("object", "response");
        w.WriteNumber("created_at", _created);
        var status = !final ? "in_progress" : _summary.Finish is "length" or "content_filter" ? "incomplete" : "completed";
        w.WriteString("status", status);
        w.WriteNull("error");
        if (status == "incomplete")
        {
            w.WriteStartObject("incomplete_details");
            w.WriteString("reason", _summary.Finish == "length" ? "max_output_tokens" : "content_filter");
            w.WriteEndObject();
        }
        else w.WriteNull("incomplete_details");
        w.WriteString("model", _summary.Model ?? "");
        w.WriteStartArray("output");
        if (final)
        {
            // A whole answer's items are made here; a stream's were made as they came.
            if (!stream)
            {
                if (_summary.Text.Length > 0 || _summary.ToolCalls.Count == 0) _items.Add(new Item($"msg_{Guid.NewGuid():N}", _items.Count, null));
                foreach (var index in _summary.ToolCalls.Keys) _items.Add(new Item($"fc_{Guid.NewGuid():N}", _items.Count, index));
            }
            foreach (var item in _items) OutputItem(w, item, done: true);
        }
        w.WriteEndArray();
        foreach (var (name, missing) in EchoedFields)
        {
            w.WritePropertyName(name);
            w.WriteRawValue(echo.GetValueOrDefault(name, missing), skipInputValidation: true);
        }
        w.WriteNull("previous_response_id");
        w.WriteBoolean("store", false);
        w.WriteString("truncation", "disabled");
        w.WriteStartObject("text");
        w.WriteStartObject("format");
        w.WriteString("type", "text");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("metadata");
        w.WriteEndObject();
        if (final && (_summary.InputTokens is not null || _summary.OutputTokens is not null))
        {
            int input = _summary.InputTokens ?? 0, output = _summary.OutputTokens ?? 0;
            w.WriteStartObject("usage");
            w.WriteNumber("input_tokens", input);
            w.WriteStartObject("input_tokens_details");
            w.WriteNumber("cached_tokens", 0);
            w.WriteEndObject();
            w.WriteNumber("output_tokens", output);
            w.WriteStartObject("output_tokens_details");
            w.WriteNumber("reasoning_tokens", 0);
            w.WriteEndObject();
            w.WriteNumber("total_tokens", input + output);
            w.WriteEndObject();
        }
        else w.WriteNull("usage");
        w.WriteEndObject();
    }

    private static void ChatErrorBody(Utf8JsonWriter w, ErrorPart error) => OpenAi.ChatCompletionWriter.ErrorBody(w, error);
}
