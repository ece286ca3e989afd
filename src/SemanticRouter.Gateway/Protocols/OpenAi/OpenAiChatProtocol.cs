using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Protocols.OpenAi;

/// <summary>OpenAI Chat Completions (<c>/v1/chat/completions</c>): JSON requests, answers as JSON or SSE chunks.</summary>
internal sealed class OpenAiChatProtocol : IChatProtocol
{
    public string Name => "openai-chat";

    public ChatRequest ParseRequest(ReadOnlyMemory<byte> body, RequestLimits limits) => ChatRequest.Parse(body, limits);

    public ReadOnlyMemory<byte> PromptBody(string model, string prompt)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteStartArray("messages");
            json.WriteStartObject();
            json.WriteString("role", "user");
            json.WriteString("content", prompt);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteBoolean("stream", false);
            json.WriteNumber("temperature", 0);
            json.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }

    /// <summary>The text as one chunk, the finish reason, usage if asked for, then <c>[DONE]</c>.</summary>
    public async Task WriteStreamAsync(HttpResponse response, string model, ParsedAnswer answer, bool includeUsage, CancellationToken ct)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var id = $"chatcmpl-{Guid.NewGuid():N}";
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        ChatCompletionChunk Chunk(ChunkDelta delta, string? finish) => new(id, "chat.completion.chunk", created, model, [new ChunkChoice(0, delta, finish)], null);

        await ServerSentEvents.WriteAsync(response.Body, Chunk(new ChunkDelta("assistant", answer.Text), null), ct);
        await ServerSentEvents.WriteAsync(response.Body, Chunk(new ChunkDelta(null, null), "stop"), ct);
        if (includeUsage && answer.PromptTokens is { } prompt && answer.CompletionTokens is { } completion)
            await ServerSentEvents.WriteAsync(response.Body, new ChatCompletionChunk(id, "chat.completion.chunk", created, model, [],
                new Usage(prompt, completion, prompt + completion)), ct);
        await ServerSentEvents.WriteDoneAsync(response.Body, ct);
    }

    /// <summary>An error event (<c>stream_interrupted</c>) and <c>[DONE]</c>.</summary>
    public async Task EndStreamWithErrorAsync(HttpResponse response, string message)
    {
        try
        {
            await ServerSentEvents.WriteAsync(response.Body, new OpenAiErrorBody(new OpenAiError(message, "upstream_error", "stream_interrupted", null)),
                ContractsJson.Context.OpenAiErrorBody, CancellationToken.None);
            await ServerSentEvents.WriteDoneAsync(response.Body, CancellationToken.None);
            await response.Body.FlushAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // the client left too
        }
    }

    public Uri Endpoint(Uri baseUrl) => new(baseUrl, "v1/chat/completions");

    public void Authorize(HttpRequestMessage request, string apiKey) => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);

    public ParsedAnswer ReadAnswer(ReadOnlyMemory<byte> body, bool streamed) => OpenAiAnswer.Read(body, streamed);
}
