using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Tests.Ingress;

/// <summary>
/// Properties of the request parser and validator over large input spaces: whatever the bytes, it answers with a
/// request or an <see cref="InvalidRequestException"/> (a 400), never anything else; valid requests read right.
/// </summary>
public sealed class ChatRequestProperties
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\"model\"", "\"messages\"", "\"role\"", "\"content\"", "\"user\"", "\"text\"",
        "\"type\"", "\"stream\"", "true", "false", "null", "0", "-1", "1e999", "1.5", "\"\\u0000\"", "\"\\ud800\"", "\"中文\"",
        "\"stream_options\"", "\"include_usage\"", "\"max_tokens\"", "\"temperature\"", " ", "\n", "\u00ff", "\uffff",
    ];

    private static readonly Arbitrary<byte[]> Bodies = Gen.OneOf(
            Gen.Elements(Fragments).ListOf().Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts))),
            ArbMap.Default.GeneratorFor<byte[]>(),
            Gen.Elements(Fragments).ListOf().Zip(ArbMap.Default.GeneratorFor<byte>()).Select(t =>
            {
                var bytes = Encoding.UTF8.GetBytes(string.Concat(t.Item1)).ToList();
                bytes.Insert(bytes.Count / 2, t.Item2); // one stray byte: often invalid UTF-8
                return bytes.ToArray();
            }))
        .ToArbitrary();

    private static readonly Gen<JsonNode?> AnyValue = Gen.OneOf(
        Gen.Constant<JsonNode?>(null),
        ArbMap.Default.GeneratorFor<bool>().Select(b => (JsonNode?)JsonValue.Create(b)),
        ArbMap.Default.GeneratorFor<int>().Select(i => (JsonNode?)JsonValue.Create(i)),
        ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => (JsonNode?)JsonValue.Create(s.Get)),
        Gen.Constant<JsonNode?>(JsonValue.Create("\ud800")), // written as an escape: valid JSON, no valid text
        Gen.Constant<JsonNode?>(new JsonArray()),
        Gen.Constant<JsonNode?>(new JsonObject()),
        Gen.Constant<JsonNode?>(new JsonArray(new JsonObject { ["type"] = "image_url" })));

    private static readonly string[] Paths =
        ["model", "stream", "messages", "stream_options", "temperature", "max_tokens", "messages.0", "messages.0.role", "messages.0.content", "messages.0.content.0"];

    private static bool ParsesOrIsRejectedCleanly(byte[] body)
    {
        try
        {
            ChatRequest.Parse(body, new RequestLimits(MaxJsonDepth: 16, MaxMessages: 8, MaxContentChars: 64));
            return true;
        }
        catch (InvalidRequestException e)
        {
            return e.Message.Length > 0;
        }
    }

    [Fact]
    public void Any_bytes_give_a_request_or_a_400_never_another_failure() =>
        Check.One(Quick, Prop.ForAll(Bodies, ParsesOrIsRejectedCleanly));

    [Fact]
    public void A_valid_request_with_one_field_replaced_by_any_value_gives_a_request_or_a_400() =>
        Check.One(Quick, Prop.ForAll(Gen.Elements(Paths).ToArbitrary(), AnyValue.ToArbitrary(), (path, value) =>
        {
            var request = JsonNode.Parse("""{"model":"m","stream":false,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""")!;
            var parts = path.Split('.');
            var parent = parts[..^1].Aggregate(request, (node, part) => int.TryParse(part, out var i) ? node[i]! : node[part]!);
            if (int.TryParse(parts[^1], out var index)) parent.AsArray()[index] = value?.DeepClone();
            else parent[parts[^1]] = value?.DeepClone();
            return ParsesOrIsRejectedCleanly(Encoding.UTF8.GetBytes(request.ToJsonString()));
        }));

    private static readonly Gen<(string Role, string Text)> Messages =
        Gen.Elements("system", "user", "assistant", "developer")
            .Zip(ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => s.Get));

    [Fact]
    public void A_valid_request_reads_its_last_user_message_and_counts_its_messages() =>
        Check.One(Quick, Prop.ForAll(Messages.NonEmptyListOf().ToArbitrary(), ArbMap.Default.ArbFor<bool>(), (messages, stream) =>
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                model = "auto",
                stream,
                messages = messages.Select(m => new { role = m.Role, content = m.Text }),
            });
            var valid = messages.All(m => Encoding.UTF8.GetByteCount(m.Text) == Encoding.UTF8.GetBytes(m.Text).Length
                && !m.Text.Any(char.IsSurrogate));
            if (!valid) return true; // lone surrogates serialize as U+FFFD: the expectation below would not hold
            var request = ChatRequest.Parse(body);
            var lastUser = messages.LastOrDefault(m => m.Role == "user").Text ?? "";
            return request.Question == lastUser && request.MessageCount == messages.Count && request.Stream == stream && request.IsRouted;
        }));

    [Fact]
    public void Nesting_is_rejected_exactly_beyond_the_depth_limit() =>
        Check.One(Quick, Prop.ForAll(Gen.Choose(1, 40).ToArbitrary(), Gen.Choose(4, 30).ToArbitrary(), (depth, limit) =>
        {
            // The object itself is depth 1 and the array under "x" depth 2: `depth` more arrays nest below.
            var body = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"x\":" + new string('[', depth) + new string(']', depth) + "}";
            var tooDeep = depth + 1 > limit;
            try
            {
                ChatRequest.Parse(Encoding.UTF8.GetBytes(body), new RequestLimits(MaxJsonDepth: limit));
                return !tooDeep;
            }
            catch (InvalidRequestException)
            {
                return tooDeep;
            }
        }));
}
