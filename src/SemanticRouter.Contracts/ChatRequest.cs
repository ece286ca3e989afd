using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SemanticRouter.Contracts;

/// <summary>
/// The few fields of a chat completion request that routing and recording need, read and validated in one
/// pass over the body. The body itself is forwarded as it came (or with only <c>model</c> replaced).
/// </summary>
public sealed record ChatRequest(string? Model, bool Stream, bool IncludeUsage, int MessageCount, string Question, string MessagesSha256)
{
    /// <summary>True when the client asked the router to choose: <c>"model": "auto"</c> or no model.</summary>
    public bool IsRouted => Model is null || Model == "auto";

    /// <summary>
    /// Where the body's <c>model</c> value sits (its raw JSON, quotes included), so it can be replaced in place;
    /// null when the body has no <c>model</c> or more than one.
    /// </summary>
    public Range? ModelValue { get; init; }

    /// <summary>The body has a <c>stream_options</c> property (whatever its value).</summary>
    public bool HasStreamOptions { get; init; }

    /// <summary>
    /// The kinds of non-text content the messages hold: <c>image</c> (<c>image_url</c> parts), <c>audio</c>
    /// (<c>input_audio</c>), <c>file</c> (<c>file</c>). Only a model that accepts every one of them can answer.
    /// </summary>
    public IReadOnlySet<string> Media { get; init; } = NoMedia;

    private static readonly IReadOnlySet<string> NoMedia = new HashSet<string>();

    /// <summary>The part types that carry media, and the kind each is.</summary>
    private static readonly Dictionary<string, string> MediaParts = new() { ["image_url"] = "image", ["input_audio"] = "audio", ["file"] = "file" };
    /// <summary>SHA-256 of the system prompt and the first user message: the same conversation's later turns share it.</summary>
    public string ConversationSha256 { get; init; } = "";

    /// <summary>
    /// The conversation is in a tool loop: after the last user message the assistant called tools (<c>tool_calls</c>)
    /// or tool results follow. Its next turn belongs to the model that called the tools.
    /// </summary>
    public bool InToolLoop { get; init; }

    /// <summary>
    /// What the router reads: the last user message; on a later turn (or in a tool loop) followed by the user messages
    /// before it (back to the first) and the system prompt, newest first, so that the encoder's token bound cuts the
    /// oldest. Not the assistant's answers: the router learned from questions, and a model's prose blurred what the
    /// conversation asks for (eval/sessions: score 0.8557 with them, 0.8690 without). At most
    /// <see cref="RoutingTextChars"/> characters of it are kept.
    /// </summary>
    public string RoutingText { get; init; } = "";

    /// <summary>
    /// Many times what the encoder's token bound (128 word pieces) holds, so that the encoder is what cuts; a bound all
    /// the same, so a conversation of megabytes is not copied for it.
    /// </summary>
    public const int RoutingTextChars = 4096;

    /// <summary>How many user messages the conversation holds: more than one makes this a later turn.</summary>
    public int UserMessages { get; init; }

    /// <summary>
    /// Fields of the client's request, by name as raw JSON the way it sent them, that its protocol's answer repeats (the
    /// Responses API's response object echoes <c>tools</c> and <c>tool_choice</c>); empty for Chat Completions.
    /// </summary>
    public IReadOnlyDictionary<string, string> Echo { get; init; } = NoEcho;

    private static readonly IReadOnlyDictionary<string, string> NoEcho = new Dictionary<string, string>();

    /// <summary>Parses and validates a request body; throws <see cref="InvalidRequestException"/> for bad input.</summary>
    public static ChatRequest Parse(ReadOnlyMemory<byte> body, RequestLimits? limits = null)
    {
        limits ??= RequestLimits.Default;
        // JsonDocument checks UTF-8 only when a string is read; check the whole body once, up front.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
            throw new InvalidRequestException("The request body is not valid UTF-8.", null);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = limits.MaxJsonDepth });
        }
        catch (JsonException e)
        {
            throw new InvalidRequestException($"The request body is not valid JSON: {JsonErrors.Describe(e, limits.MaxJsonDepth)}.", null);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidRequestException("The request body must be a JSON object.", null);
            // Two "model" keys would leave which one counts to whoever reads the body next: the router or the upstream.
            if (root.EnumerateObject().Count(p => p.NameEquals("model"u8)) > 1)
                throw new InvalidRequestException("'model' appears more than once.", "model");
            var model = OptionalString(root, "model");
            if (model is "") throw new InvalidRequestException("'model' must not be empty.", "model");
            var stream = OptionalBool(root, "stream") ?? false;
            var includeUsage = false;
            if (root.TryGetProperty("stream_options", out var options) && options.ValueKind != JsonValueKind.Null)
            {
                if (options.ValueKind != JsonValueKind.Object)
                    throw new InvalidRequestException("'stream_options' must be an object.", "stream_options");
                includeUsage = OptionalBool(options, "include_usage", "stream_options") == true;
            }
            CheckNumbers(root);
            if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
                throw new InvalidRequestException("'messages' is required and must be an array.", "messages");
            if (messages.GetArrayLength() == 0)
                throw new InvalidRequestException("'messages' must contain at least one message.", "messages");
            if (messages.GetArrayLength() > limits.MaxMessages)
                throw new InvalidRequestException($"'messages' holds {messages.GetArrayLength()} messages; the limit is {limits.MaxMessages}.", "messages");
            var media = new HashSet<string>();
            var (users, system, toolLoop) = ReadMessages(messages, limits.MaxContentChars, media);
            var question = users.Count > 0 ? users[^1] : "";
            var sha = Convert.ToHexStringLower(SHA256.HashData(JsonMarshal.GetRawUtf8Value(messages)));
            return new ChatRequest(model, stream, includeUsage, messages.GetArrayLength(), question, sha)
            {
                ModelValue = ModelValueIn(root, body.Span),
                HasStreamOptions = root.TryGetProperty("stream_options"u8, out _),
                Media = media.Count == 0 ? NoMedia : media,
                ConversationSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(system + "\n\u0000\n" + (users.Count > 0 ? users[0] : "")))),
                InToolLoop = toolLoop,
                UserMessages = users.Count,
                RoutingText = users.Count > 1 || toolLoop ? RecentFirst([.. Enumerable.Reverse(users), system]) : question,
            };
        }
    }

    /// <summary>The texts joined by line breaks, empty and repeated ones left out, cut at <see cref="RoutingTextChars"/>.</summary>
    private static string RecentFirst(IEnumerable<string> texts)
    {
        var joined = new StringBuilder();
        foreach (var text in texts.Where(t => t.Length > 0).Distinct())
        {
            if (joined.Length > 0) joined.Append('\n');
            joined.Append(text, 0, Math.Min(text.Length, RoutingTextChars - joined.Length));
            if (joined.Length >= RoutingTextChars) break;
        }
        return joined.ToString();
    }

    /// <summary>
    /// Validates every message; returns the user messages' texts in order, the system prompt, and whether tool calls or
    /// results came after the last user message.
    /// </summary>
    private static (List<string> Users, string System, bool ToolLoop) ReadMessages(JsonElement messages, int maxContentChars, HashSet<string> media)
    {
        var system = "";
        var users = new List<string>();
        var toolLoop = false;
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var param = $"messages[{index++}]";
            if (message.ValueKind != JsonValueKind.Object)
                throw new InvalidRequestException($"'{param}' must be an object.", param);
            var role = OptionalString(message, "role", param)
                ?? throw new InvalidRequestException($"'{param}.role' is required.", $"{param}.role");
            if (!Roles.Contains(role))
                throw new InvalidRequestException($"'{param}.role' must be one of {string.Join(", ", Roles)}; got '{role}'.", $"{param}.role");
            var text = ContentText(message, param, media);
            if (text.Length > maxContentChars)
                throw new InvalidRequestException($"'{param}.content' is {text.Length} characters long; the limit is {maxContentChars}.", $"{param}.content");
            switch (role)
            {
                case "user":
                    toolLoop = false;
                    users.Add(text);
                    break;
                case "system" or "developer":
                    system += text;
                    break;
                case "tool" or "function":
                    toolLoop = true;
                    break;
                case "assistant":
                    if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0) toolLoop = true;
                    break;
            }
        }
        return (users, system, toolLoop);
    }

    /// <summary>The byte range of the single <c>model</c> value in <paramref name="body"/> (see <see cref="ModelValue"/>).</summary>
    private static Range? ModelValueIn(JsonElement root, ReadOnlySpan<byte> body)
    {
        Range? found = null;
        foreach (var property in root.EnumerateObject())
        {
            if (!property.NameEquals("model"u8)) continue;
            if (found is not null) return null;
            // The document reads the caller's buffer, so the raw value is a slice of it.
            var raw = JsonMarshal.GetRawUtf8Value(property.Value);
            if (!body.Overlaps(raw, out var offset)) return null;
            found = new Range(offset, offset + raw.Length);
        }
        return found;
    }

    private static readonly string[] Roles = ["system", "developer", "user", "assistant", "tool", "function"];

    /// <summary>
    /// Sampling fields the gateway does not use but must not pass on with the wrong type. One rule for every number: it
    /// must be what its reader can hold, a finite double (<c>1e999999</c> reads as infinity) or a 64-bit integer.
    /// </summary>
    private static void CheckNumbers(JsonElement root)
    {
        foreach (var name in (ReadOnlySpan<string>)["temperature", "top_p", "presence_penalty", "frequency_penalty"])
            if (root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                && !(value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)))
                throw new InvalidRequestException($"'{name}' must be a finite number.", name);
        foreach (var name in (ReadOnlySpan<string>)["max_tokens", "max_completion_tokens", "n", "seed"])
            if (root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                && !(value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _)))
                throw new InvalidRequestException($"'{name}' must be an integer.", name);
    }

    private static string ContentText(JsonElement message, string param, HashSet<string> media)
    {
        if (!message.TryGetProperty("content", out var content)) return "";
        switch (content.ValueKind)
        {
            case JsonValueKind.String: return Text(content, $"{param}.content");
            case JsonValueKind.Null: return "";
            case JsonValueKind.Array:
                var text = new StringBuilder();
                var i = 0;
                foreach (var part in content.EnumerateArray())
                {
                    var partParam = $"{param}.content[{i++}]";
                    if (part.ValueKind != JsonValueKind.Object)
                        throw new InvalidRequestException($"'{partParam}' must be an object.", partParam);
                    var type = OptionalString(part, "type", partParam);
                    if (type is not null && MediaParts.TryGetValue(type, out var kind))
                    {
                        // Media passes through to the model as it came; routing reads the text parts.
                        if (!part.TryGetProperty(type, out var payload) || payload.ValueKind != JsonValueKind.Object)
                            throw new InvalidRequestException($"'{partParam}.{type}' must be an object.", partParam);
                        media.Add(kind);
                        continue;
                    }
                    if (type != "text")
                        throw new InvalidRequestException(
                            $"Content part type '{type}' is not supported; 'text', 'image_url', 'input_audio' and 'file' parts are.", partParam);
                    if (text.Length > 0) text.Append('\n');
                    text.Append(OptionalString(part, "text", partParam)
                        ?? throw new InvalidRequestException($"'{partParam}.text' is required.", partParam));
                }
                return text.ToString();
            default:
                throw new InvalidRequestException($"'{param}.content' must be a string or an array of parts.", $"{param}.content");
        }
    }

    private static string? OptionalString(JsonElement obj, string name, string? parent = null)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        var param = parent is null ? name : $"{parent}.{name}";
        return value.ValueKind == JsonValueKind.String
            ? Text(value, param)
            : throw new InvalidRequestException($"'{param}' must be a string.", param);
    }

    /// <summary>A string's text; an escape that is no Unicode text (a lone surrogate: <c>"\ud800"</c>) is the client's error.</summary>
    private static string Text(JsonElement value, string param)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new InvalidRequestException($"'{param}' holds an escape that is not valid Unicode text.", param);
        }
    }

    private static bool? OptionalBool(JsonElement obj, string name, string? parent = null)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        var param = parent is null ? name : $"{parent}.{name}";
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidRequestException($"'{param}' must be a boolean.", param),
        };
    }
}

/// <summary>A request the client must fix: becomes a 400 with an OpenAI error body.</summary>
public sealed class InvalidRequestException(string message, string? param) : Exception(message)
{
    public string? Param { get; } = param;
}

/// <summary>How large and deep a request may be; the gateway's limits come from its configuration.</summary>
public sealed record RequestLimits(int MaxJsonDepth = 64, int MaxMessages = 2048, int MaxContentChars = 1024 * 1024)
{
    public static readonly RequestLimits Default = new();
}
