using System.Text.Json;
using System.Text.Json.Nodes;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Protocols.Translation;

namespace SemanticRouter.Gateway.Protocols.Responses;

/// <summary>
/// An OpenAI Responses API request (<c>input</c> as a string or items, <c>instructions</c>, function tools) as a Chat
/// Completions request. What has no equivalent there (stored responses, built-in tools) is refused, never dropped.
/// </summary>
internal static class ResponsesRequest
{
    private static readonly string[] Refused = ["previous_response_id", "conversation", "prompt"];

    public static JsonObject ToChat(ReadOnlyMemory<byte> body)
    {
        var root = Translate.Root(body);
        foreach (var name in Refused)
            if (root[name] is not null)
                throw new InvalidRequestException($"'{name}' is not supported: the gateway keeps no responses; send the whole conversation in 'input'.", name);
        if (root["background"] is JsonValue background && background.GetValueKind() == JsonValueKind.True)
            throw new InvalidRequestException("'background' responses are not supported.", "background");

        var messages = new JsonArray();
        if (root["instructions"] is { } instructions)
            messages.Add(new JsonObject { ["role"] = "system", ["content"] = Translate.String(instructions, "instructions") });
        switch (root["input"])
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                messages.Add(new JsonObject { ["role"] = "user", ["content"] = value.GetValue<string>() });
                break;
            case JsonArray items:
                Items(items, messages);
                break;
            default:
                throw new InvalidRequestException("'input' is required: a string or an array of input items.", "input");
        }

        var chat = new JsonObject { ["model"] = root["model"]?.DeepClone(), ["messages"] = messages };
        Translate.Copy(root, chat, "temperature", "top_p", "user", "parallel_tool_calls", "stream");
        if (root["max_output_tokens"] is { } max) chat["max_tokens"] = max.DeepClone();
        if (Translate.IsTrue(root["stream"])) chat["stream_options"] = new JsonObject { ["include_usage"] = true };
        if (root["tools"] is JsonArray tools) chat["tools"] = Tools(tools);
        if (root["tool_choice"] is { } choice) chat["tool_choice"] = ToolChoice(choice);
        if (root["text"]?["format"] is JsonObject format && Format(format) is { } responseFormat) chat["response_format"] = responseFormat;
        if (root["reasoning"]?["effort"] is JsonValue effort) chat["reasoning_effort"] = effort.DeepClone();
        return chat;
    }

    /// <summary>
    /// The request's fields its response object repeats (OpenAI's does; SDKs read the tools back), rewritten compact: a
    /// line break the client's JSON had between tokens would end an event's data line in the response's stream.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Echoed(ReadOnlyMemory<byte> body)
    {
        var echo = new Dictionary<string, string>();
        using var document = JsonDocument.Parse(body);
        foreach (var name in ResponsesWriter.Echoed)
            if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
                echo[name] = JsonSerializer.Serialize(value, TranslationJson.Options);
        return echo;
    }

    private static void Items(JsonArray items, JsonArray messages)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var param = $"input[{i}]";
            if (items[i] is not JsonObject item) throw new InvalidRequestException($"'{param}' must be an object.", param);
            var type = item["type"]?.GetValue<string>() ?? (item["role"] is not null ? "message" : null);
            switch (type)
            {
                case "message":
                    var role = item["role"]?.GetValue<string>() ?? throw new InvalidRequestException($"'{param}.role' is required.", param);
                    messages.Add(new JsonObject { ["role"] = role, ["content"] = Content(item["content"], role, param) });
                    break;
                case "function_call":
                    var call = new JsonObject
                    {
                        ["id"] = item["call_id"]?.DeepClone(),
                        ["type"] = "function",
                        ["function"] = new JsonObject { ["name"] = item["name"]?.DeepClone(), ["arguments"] = item["arguments"]?.DeepClone() ?? "{}" },
                    };
                    // Calls one after another are one assistant turn in Chat Completions.
                    if (messages.Count > 0 && messages[^1] is JsonObject { } last && last["role"]?.GetValue<string>() == "assistant"
                        && last["tool_calls"] is JsonArray calls) calls.Add(call);
                    else messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = new JsonArray(call) });
                    break;
                case "function_call_output":
                    messages.Add(new JsonObject
                    {
                        ["role"] = "tool",
                        ["tool_call_id"] = item["call_id"]?.DeepClone(),
                        ["content"] = item["output"] is JsonArray parts ? Translate.JoinText(parts, param) : item["output"]?.DeepClone() ?? "",
                    });
                    break;
                default:
                    throw new InvalidRequestException($"Input item type '{type}' cannot be translated for a chat model.", param);
            }
        }
    }

    /// <summary>A message's content: a string as it is; parts as Chat Completions parts (an assistant's as its text).</summary>
    private static JsonNode? Content(JsonNode? content, string role, string param)
    {
        if (content is not JsonArray parts) return content?.DeepClone();
        if (role == "assistant") return Translate.JoinText(parts, param);
        var result = new JsonArray();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i] as JsonObject ?? throw new InvalidRequestException($"'{param}.content[{i}]' must be an object.", param);
            var type = part["type"]?.GetValue<string>();
            result.Add(type switch
            {
                "input_text" or "output_text" => new JsonObject { ["type"] = "text", ["text"] = part["text"]?.DeepClone() },
                "input_image" when part["image_url"] is { } url => new JsonObject
                {
                    ["type"] = "image_url",
                    ["image_url"] = new JsonObject { ["url"] = url.DeepClone(), ["detail"] = part["detail"]?.DeepClone() ?? "auto" },
                },
                "input_file" when part["file_data"] is not null => new JsonObject
                {
                    ["type"] = "file",
                    ["file"] = new JsonObject { ["file_data"] = part["file_data"]!.DeepClone(), ["filename"] = part["filename"]?.DeepClone() },
                },
                "input_audio" => new JsonObject { ["type"] = "input_audio", ["input_audio"] = part["input_audio"]?.DeepClone() },
                _ => throw new InvalidRequestException($"Content part '{type}' cannot be translated (file ids are not supported).", $"{param}.content[{i}]"),
            });
        }
        return result;
    }

    private static JsonArray Tools(JsonArray tools)
    {
        var result = new JsonArray();
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i] as JsonObject;
            if (tool?["type"]?.GetValue<string>() != "function")
                throw new InvalidRequestException($"Tool type '{tool?["type"]}' cannot be translated; only 'function' tools can.", $"tools[{i}]");
            var function = new JsonObject { ["name"] = tool["name"]?.DeepClone() };
            Translate.Copy(tool, function, "description", "parameters", "strict");
            result.Add(new JsonObject { ["type"] = "function", ["function"] = function });
        }
        return result;
    }

    private static JsonNode ToolChoice(JsonNode choice) => choice switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.DeepClone(),
        JsonObject o when o["type"]?.GetValue<string>() == "function" =>
            new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = o["name"]?.DeepClone() } },
        _ => throw new InvalidRequestException("'tool_choice' must be 'auto', 'none', 'required' or a function.", "tool_choice"),
    };

    private static JsonObject? Format(JsonObject format) => format["type"]?.GetValue<string>() switch
    {
        "text" => null,
        "json_object" => new JsonObject { ["type"] = "json_object" },
        "json_schema" => new JsonObject
        {
            ["type"] = "json_schema",
            ["json_schema"] = new JsonObject
            {
                ["name"] = format["name"]?.DeepClone(), ["schema"] = format["schema"]?.DeepClone(),
                ["strict"] = format["strict"]?.DeepClone(), ["description"] = format["description"]?.DeepClone(),
            },
        },
        var other => throw new InvalidRequestException($"'text.format' type '{other}' cannot be translated.", "text.format"),
    };
}
