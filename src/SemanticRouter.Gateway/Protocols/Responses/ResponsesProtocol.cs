using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Protocols.Translation;

namespace SemanticRouter.Gateway.Protocols.Responses;

/// <summary>
/// The OpenAI Responses API (<c>POST /v1/responses</c>), for clients: its requests are translated to Chat Completions
/// and its answers written from any upstream's. Upstreams are not reached in it: no catalog model speaks it.
/// </summary>
internal sealed class ResponsesProtocol : IChatProtocol
{
    public string Name => "openai-responses";

    public ChatRequest ParseRequest(ReadOnlyMemory<byte> body, RequestLimits limits) =>
        Translate.Parse(() => ToChat(body), limits) with { Echo = ResponsesRequest.Echoed(body) };

    public JsonObject ToChat(ReadOnlyMemory<byte> body) => ResponsesRequest.ToChat(body);

    public async Task EndStreamWithErrorAsync(HttpResponse response, string message) =>
        await Translate.EndStreamAsync(response, "error",
            w => { w.WriteString("type", "error"); w.WriteString("code", "stream_interrupted"); w.WriteString("message", message); });

    public IAnswerWriter Writer(ChatRequest request, bool eventStream) => new ResponsesWriter(eventStream, request.Echo);

    public Uri Endpoint(Uri baseUrl) => throw Upstream();
    public void Authorize(HttpRequestMessage request, string? apiKey) => throw Upstream();
    public int TerminatorLength(ReadOnlySpan<byte> streamEnd) => throw Upstream();
    public ReadOnlyMemory<byte> PromptBody(string model, string prompt) => throw Upstream();
    public ParsedAnswer ReadAnswer(ReadOnlyMemory<byte> body, bool streamed) => throw Upstream();
    public byte[] FromChat(JsonObject chat, string upstreamModel, bool stream) => throw Upstream();
    public IAnswerReader Reader(bool eventStream) => throw Upstream();

    private static NotSupportedException Upstream() => new("No catalog model speaks the Responses API; upstreams speak openai-chat or anthropic-messages.");
}
