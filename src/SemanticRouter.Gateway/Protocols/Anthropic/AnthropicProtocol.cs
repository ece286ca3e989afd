using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Protocols.Translation;

namespace SemanticRouter.Gateway.Protocols.Anthropic;

/// <summary>
/// Anthropic Messages (<c>POST /v1/messages</c>), both ways: for clients (the Anthropic SDKs), and for upstreams in
/// Anthropic's provider style (<c>{base}/v1/messages</c>, the key in <c>x-api-key</c>, <c>anthropic-version</c>).
/// </summary>
internal sealed class AnthropicProtocol(string version = AnthropicProtocol.DefaultVersion) : IChatProtocol
{
    public const string DefaultVersion = "2023-06-01";

    public string Name => "anthropic-messages";

    public ChatRequest ParseRequest(ReadOnlyMemory<byte> body, RequestLimits limits) => Translate.Parse(() => ToChat(body), limits);

    public JsonObject ToChat(ReadOnlyMemory<byte> body) => AnthropicRequest.ToChat(body);

    public byte[] FromChat(JsonObject chat, string upstreamModel, bool stream) => AnthropicRequest.FromChat(chat, upstreamModel, stream);

    public ReadOnlyMemory<byte> PromptBody(string model, string prompt) =>
        FromChat(new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }) }, model, stream: false);

    public Task EndStreamWithErrorAsync(HttpResponse response, string message) =>
        Translate.EndStreamAsync(response, "error", w => MessageWriter.ErrorFields(w, new ErrorPart(message, "api_error")));

    /// <summary><c>{base}/v1/messages</c> for a base URL at the root, <c>{base}/messages</c> for one with a path of its own.</summary>
    public Uri Endpoint(Uri baseUrl) => new(baseUrl, baseUrl.AbsolutePath == "/" ? "v1/messages" : "messages");

    public void Authorize(HttpRequestMessage request, string? apiKey)
    {
        request.Headers.Add("anthropic-version", version);
        if (apiKey is not null) request.Headers.Add("x-api-key", apiKey);
    }

    public ParsedAnswer ReadAnswer(ReadOnlyMemory<byte> body, bool streamed) => AnswerSummary.Read(Reader(streamed), body.Span);

    /// <summary>The <c>message_stop</c> event (its <c>event:</c> line at a line start, then its data line) ends a stream.</summary>
    public int TerminatorLength(ReadOnlySpan<byte> streamEnd)
    {
        var start = streamEnd.LastIndexOf("event: message_stop"u8);
        if (start < 0 || start > 0 && streamEnd[start - 1] != (byte)'\n') return 0;
        var rest = streamEnd[start..].TrimEnd("\r\n"u8);
        return rest.IndexOf("\ndata:"u8) > 0 && rest.EndsWith("}"u8) ? streamEnd.Length - start : 0;
    }

    public IAnswerReader Reader(bool eventStream) => eventStream ? new MessageEventReader() : new MessageReader();

    public IAnswerWriter Writer(ChatRequest request, bool eventStream) => new MessageWriter(eventStream);
}
