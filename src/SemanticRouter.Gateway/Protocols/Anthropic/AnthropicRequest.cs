using System.Text.Json;
using System.Text.Json.Nodes;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Protocols.Translation;

namespace SemanticRouter.Gateway.Protocols.Anthropic;

/// <summary>
/// Anthropic Messages requests to and from Chat Completions: <c>system</c>, content blocks (text, images, documents,
/// tool use and results), custom tools, <c>tool_choice</c>, <c>max_tokens</c>. What one side cannot say (server tools,
/// thinking, <c>top_k</c>; several choices, log probabilities, audio) is refused with a 400, never dropped.
/// </summary>
internal static class AnthropicRequest
{
    /// <summary>Anthropic requires <c>max_tokens</c>; Chat Completions does not, so a translated request without one gets this.</summary>
    public const int DefaultMaxTokens = 4096;

    public static JsonObject ToChat(ReadOnlyMemory<byte> body)
    {
        var root = Translate.Root(body);
        foreach (var name in (ReadOnlySpan<string>)["top_k", "thinking", "container", "mcp_servers"])
            if (root[name] is not null) throw new InvalidRequestException($"'{name}' cannot be translated for a chat model.", name);
        if (root["max_tokens"] is not JsonValue max || max.GetValueKind() != JsonValueKind.Number)
            throw new InvalidRequestException("'max_tokens' is required and must be an integer.", "max_tokens");

        var messages = new JsonArray();
        switch (root["system"])
        {
            case null: break;
            case JsonArray blocks: messages.Add(new JsonObject { ["role"] = "system", ["content"] = Translate.JoinText(blocks, "system") }); break;
            case var system: messages.Add(new JsonObject { ["role"] = "system", ["content"] = Translate.String(system, "system") }); break;
        }
        if (root["messages"] is not JsonArray input || input.Count == 0)
            throw new InvalidRequestException("'messages' is required and must be a non-empty array.", "messages");
        for (var i = 0; i < input.Count; i++) Message(input[i] as JsonObject, $"messages[{i}]", messages);

        var chat = new JsonObject { ["model"] = root["model"]?.DeepClone(), ["messages"] = messages, ["max_tokens"] = max.DeepClone() };
        Translate.Copy(root, chat, "temperature", "top_p", "stream");
        if (Translate.IsTrue(root["stream"])) chat["stream_options"] = new JsonObject { ["include_usage"] = true };
        if (root["stop_sequences"] is { } stop) chat["stop"] = stop.DeepClone();
        if (root["metadata"]?["user_id"] is { } user) chat["user"] = user.DeepClone();
        if (root["tools"] is JsonArray tools) chat["tools"] = ToolsToChat(tools);
        if (root["tool_choice"] is JsonObject choice)
        {
            chat["tool_choice"] = choice["type"]?.GetValue<string>() switch
            {
                "auto" => "auto",
                "any" => "required",
                "none" => "none",
                "tool" => new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = choice["name"]?.DeepClone() } },
                var other => throw new InvalidRequestException($"'tool_choice' type '{other}' cannot be translated.", "tool_choice"),
            };
            if (Translate.IsTrue(choice["disable_parallel_tool_use"])) chat["parallel_tool_calls"] = false;
        }
        return chat;
    }

    private static void Message(JsonObject? message, string param, JsonArray messages)
    {
        var role = message?["role"]?.GetValue<string>();
        if (role is not ("user" or "assistant")) throw new InvalidRequestException($"'{param}.role' must be 'user' or 'assistant'.", $"{param}.role");
        if (message!["content"] is not JsonArray blocks)
        {
            messages.Add(new JsonObject { ["role"] = role, ["content"] = Translate.String(message["content"]!, $"{param}.content") });
            return;
        }
        var parts = new JsonArray();
        var calls = new JsonArray();
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i] as JsonObject ?? throw new InvalidRequestException($"'{param}.content[{i}]' must be an object.", param);
            var at = $"{param}.content[{i}]";
            switch (block["type"]?.GetValue<string>())
            {
                case "text":
                    parts.Add(new JsonObject { ["type"] = "text", ["text"] = block["text"]?.DeepClone() });
                    break;
                case "image" when role == "user":
                    parts.Add(new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = SourceUrl(block, at) } });
                    break;
                case "document" when role == "user":
                    parts.Add(new JsonObject { ["type"] = "file", ["file"] = new JsonObject { ["file_data"] = SourceUrl(block, at), ["filename"] = block["title"]?.DeepClone() } });
                    break;
                case "tool_use" when role == "assistant":
                    calls.Add(new JsonObject
                    {
                        ["id"] = block["id"]?.DeepClone(), ["type"] = "function",
                        ["function"] = new JsonObject
                        {
                            ["name"] = block["name"]?.DeepClone(),
                            ["arguments"] = (block["input"] ?? new JsonObject()).ToJsonString(TranslationJson.Options),
                        },
                    });
                    break;
                case "tool_result" when role == "user":
                    // A tool's result is a message of its own in Chat Completions, before the user's next words.
                    messages.Add(new JsonObject
                    {
                        ["role"] = "tool", ["tool_call_id"] = block["tool_use_id"]?.DeepClone(),
                        ["content"] = block["content"] is JsonArray content ? Translate.JoinText(content, at) : block["content"]?.DeepClone() ?? "",
                    });
                    break;
                case var type:
                    throw new InvalidRequestException($"Content block '{type}' in a{(role == "user" ? " user" : "n assistant")} message cannot be translated for a chat model.", at);
            }
        }
        if (role == "assistant")
        {
            var text = string.Concat(parts.Select(p => p!["text"]?.GetValue<string>()));
            var assistant = new JsonObject { ["role"] = "assistant", ["content"] = calls.Count > 0 && text.Length == 0 ? null : text };
            if (calls.Count > 0) assistant["tool_calls"] = calls;
            messages.Add(assistant);
        }
        else if (parts.Count > 0) messages.Add(new JsonObject { ["role"] = "user", ["content"] = parts });
    }

    /// <summary>A base64 source as a data URL, a URL source as it is.</summary>
    private static string SourceUrl(JsonObject block, string param) => block["source"] switch
    {
        JsonObject s when s["type"]?.GetValue<string>() == "base64" => $"data:{s["media_type"]?.GetValue<string>()};base64,{s["data"]?.GetValue<string>()}",
        JsonObject s when s["type"]?.GetValue<string>() == "url" => s["url"]?.GetValue<string>() ?? "",
        _ => throw new InvalidRequestException("Only base64 and url sources can be translated.", param),
    };

    private static JsonArray ToolsToChat(JsonArray tools)
    {
        var result = new JsonArray();
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i] as JsonObject;
            if (tool?["type"]?.GetValue<string>() is not (null or "custom"))
                throw new InvalidRequestException($"Tool type '{tool?["type"]}' cannot be translated; only custom tools can.", $"tools[{i}]");
            var function = new JsonObject { ["name"] = tool!["name"]?.DeepClone(), ["parameters"] = tool["input_schema"]?.DeepClone() };
            Translate.Copy(tool, function, "description");
            result.Add(new JsonObject { ["type"] = "function", ["function"] = function });
        }
        return result;
    }

    /// <summary>A Chat Completions request as a Messages request to an Anthropic-style upstream.</summary>
    public static byte[] FromChat(JsonObject chat, string upstreamModel, bool stream)
    {
        if (chat["n"] is JsonValue n && n.GetValue<double>() > 1) throw new InvalidRequestException("'n' greater than 1 cannot be translated for an Anthropic model.", "n");
        foreach (var name in (ReadOnlySpan<string>)["logprobs", "top_logprobs", "logit_bias", "audio", "modalities", "prediction", "seed", "reasoning_effort"])
            if (chat[name] is { } value && value.GetValueKind() is not (JsonValueKind.Null or JsonValueKind.False))
                throw new InvalidRequestException($"'{name}' cannot be translated for an Anthropic model.", name);
        foreach (var name in (ReadOnlySpan<string>)["frequency_penalty", "presence_penalty"])
            if (chat[name] is JsonValue penalty && penalty.GetValueKind() == JsonValueKind.Number && penalty.GetValue<double>() != 0)
                throw new InvalidRequestException($"'{name}' cannot be translated for an Anthropic model.", name);
        if (chat["response_format"]?["type"]?.GetValue<string>() is { } format && format != "text")
            throw new InvalidRequestException($"'response_format' {format} cannot be translated for an Anthropic model.", "response_format");

        var system = new List<string>();
        var messages = new JsonArray();
        var input = chat["messages"] as JsonArray ?? [];
        for (var i = 0; i < input.Count; i++)
        {
            var message = (JsonObject)input[i]!;
            var role = message["role"]!.GetValue<string>();
            var param = $"messages[{i}]";
            switch (role)
            {
                case "system" or "developer":
                    system.Add(message["content"] is JsonArray parts ? Translate.JoinText(parts, param) : message["content"]?.GetValue<string>() ?? "");
                    break;
                case "user":
                    Append(messages, "user", UserBlocks(message["content"], param));
                    break;
                case "assistant":
                    var blocks = new JsonArray();
                    var text = message["content"] is JsonArray textParts ? Translate.JoinText(textParts, param) : message["content"]?.GetValue<string>();
                    if (!string.IsNullOrEmpty(text)) blocks.Add(new JsonObject { ["type"] = "text", ["text"] = text });
                    foreach (var call in message["tool_calls"] as JsonArray ?? [])
                        blocks.Add(new JsonObject
                        {
                            ["type"] = "tool_use", ["id"] = call!["id"]?.DeepClone(), ["name"] = call["function"]?["name"]?.DeepClone(),
                            ["input"] = Arguments(call["function"]?["arguments"]?.GetValue<string>()),
                        });
                    Append(messages, "assistant", blocks);
                    break;
                case "tool":
                    var content = message["content"] is JsonArray resultParts ? Translate.JoinText(resultParts, param) : message["content"]?.GetValue<string>() ?? "";
                    Append(messages, "user", [new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = message["tool_call_id"]?.DeepClone(), ["content"] = content }]);
                    break;
                default:
                    throw new InvalidRequestException($"Role '{role}' cannot be translated for an Anthropic model.", $"{param}.role");
            }
        }

        var body = new JsonObject
        {
            ["model"] = upstreamModel,
            ["max_tokens"] = chat["max_completion_tokens"]?.DeepClone() ?? chat["max_tokens"]?.DeepClone() ?? DefaultMaxTokens,
            ["messages"] = messages,
        };
        if (system.Count > 0) body["system"] = string.Join("\n\n", system);
        Translate.Copy(chat, body, "temperature", "top_p");
        switch (chat["stop"])
        {
            case JsonArray stops: body["stop_sequences"] = stops.DeepClone(); break;
            case JsonValue one when one.GetValueKind() == JsonValueKind.String: body["stop_sequences"] = new JsonArray(one.GetValue<string>()); break;
        }
        if (chat["user"] is JsonValue user) body["metadata"] = new JsonObject { ["user_id"] = user.DeepClone() };
        if (chat["tools"] is JsonArray tools) body["tools"] = ToolsFromChat(tools);
        if (ToolChoice(chat) is { } choice) body["tool_choice"] = choice;
        if (stream) body["stream"] = true;
        return JsonSerializer.SerializeToUtf8Bytes(body, TranslationJson.Options);
    }

    /// <summary>Messages of the same role in a row are one turn for Anthropic: tool results join the user turn after them.</summary>
    private static void Append(JsonArray messages, string role, JsonArray blocks)
    {
        if (messages.Count == 0 || messages[^1]!["role"]!.GetValue<string>() != role)
        {
            messages.Add(new JsonObject { ["role"] = role, ["content"] = blocks });
            return;
        }
        var turn = (JsonArray)messages[^1]!["content"]!;
        foreach (var block in blocks.ToList())
        {
            blocks.Remove(block); // a node has one parent: it leaves this array before joining the turn's
            turn.Add(block);
        }
    }

    private static JsonArray UserBlocks(JsonNode? content, string param)
    {
        if (content is not JsonArray parts) return [new JsonObject { ["type"] = "text", ["text"] = content?.GetValue<string>() ?? "" }];
        var blocks = new JsonArray();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i]!;
            var at = $"{param}.content[{i}]";
            blocks.Add(part["type"]?.GetValue<string>() switch
            {
                "text" => new JsonObject { ["type"] = "text", ["text"] = part["text"]?.DeepClone() },
                "image_url" => new JsonObject { ["type"] = "image", ["source"] = Source(part["image_url"]?["url"]?.GetValue<string>() ?? "") },
                "file" when part["file"]?["file_data"]?.GetValue<string>() is { } data => new JsonObject { ["type"] = "document", ["source"] = Source(data) },
                var type => throw new InvalidRequestException($"Content part '{type}' cannot be translated for an Anthropic model.", at),
            });
        }
        return blocks;
    }

    /// <summary>A data URL as a base64 source, any other URL as a url source.</summary>
    private static JsonObject Source(string url)
    {
        if (!url.StartsWith("data:", StringComparison.Ordinal)) return new JsonObject { ["type"] = "url", ["url"] = url };
        var comma = url.IndexOf(',');
        var mediaType = url[5..Math.Max(5, url.IndexOf(';') is var semi and > 0 && semi < comma ? semi : comma)];
        return new JsonObject { ["type"] = "base64", ["media_type"] = mediaType, ["data"] = comma < 0 ? "" : url[(comma + 1)..] };
    }

    private static JsonNode Arguments(string? json)
    {
        try
        {
            return JsonNode.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json) ?? new JsonObject();
        }
        catch (JsonException)
        {
            throw new InvalidRequestException("A tool call's arguments are not JSON; an Anthropic model needs them as an object.", "messages");
        }
    }

    private static JsonArray ToolsFromChat(JsonArray tools)
    {
        var result = new JsonArray();
        for (var i = 0; i < tools.Count; i++)
        {
            if (tools[i]?["type"]?.GetValue<string>() != "function" || tools[i]!["function"] is not JsonObject function)
                throw new InvalidRequestException("Only function tools can be translated for an Anthropic model.", $"tools[{i}]");
            var tool = new JsonObject
            {
                ["name"] = function["name"]?.DeepClone(),
                ["input_schema"] = function["parameters"]?.DeepClone() ?? new JsonObject { ["type"] = "object" },
            };
            Translate.Copy(function, tool, "description");
            result.Add(tool);
        }
        return result;
    }

    private static JsonObject? ToolChoice(JsonObject chat)
    {
        var noParallel = chat["parallel_tool_calls"] is JsonValue p && p.GetValueKind() == JsonValueKind.False;
        JsonObject? choice = chat["tool_choice"] switch
        {
            null => noParallel && chat["tools"] is not null ? new JsonObject { ["type"] = "auto" } : null,
            JsonValue v => v.GetValue<string>() switch
            {
                "auto" => new JsonObject { ["type"] = "auto" },
                "required" => new JsonObject { ["type"] = "any" },
                "none" => new JsonObject { ["type"] = "none" },
                var other => throw new InvalidRequestException($"'tool_choice' '{other}' cannot be translated.", "tool_choice"),
            },
            JsonObject o => new JsonObject { ["type"] = "tool", ["name"] = o["function"]?["name"]?.DeepClone() },
            _ => null,
        };
        if (choice is not null && noParallel && choice["type"]!.GetValue<string>() != "none") choice["disable_parallel_tool_use"] = true;
        return choice;
    }
}
