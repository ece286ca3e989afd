using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Protocols.Translation;

namespace SemanticRouter.Gateway.Protocols.OpenAi;

/// <summary>
/// OpenAI Chat Completions (<c>/v1/chat/completions</c>): JSON requests, answers as JSON or SSE chunks. Upstreams
/// speak it in two provider styles: OpenAI's (any base path, a Bearer key) and Azure OpenAI's (the deployment in the
/// path, <c>api-version</c>, an <c>api-key</c> header), given by <paramref name="azure"/>.
/// </summary>
internal sealed class OpenAiChatProtocol(AzureDeployment? azure = null) : IChatProtocol
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

    /// <summary>
    /// <c>{base}/v1/chat/completions</c> for a base URL at the root (or at <c>/v1</c>), <c>{base}/chat/completions</c>
    /// for one with a path of its own (Gemini's <c>/v1beta/openai/</c>, a proxy's prefix), as the OpenAI SDKs take a
    /// base URL; Azure's deployment path for an Azure model.
    /// </summary>
    public Uri Endpoint(Uri baseUrl) => azure is { } a
        ? new(baseUrl, $"openai/deployments/{Uri.EscapeDataString(a.Deployment)}/chat/completions?api-version={Uri.EscapeDataString(a.ApiVersion)}")
        : new(baseUrl, baseUrl.AbsolutePath == "/" ? "v1/chat/completions" : "chat/completions");

    public void Authorize(HttpRequestMessage request, string? apiKey)
    {
        if (apiKey is null) return;
        if (azure is not null) request.Headers.Add("api-key", apiKey);
        else request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public JsonObject ToChat(ReadOnlyMemory<byte> body) => JsonNode.Parse(body.Span)!.AsObject();

    /// <summary>The request with the upstream's model; a stream asks for usage (the flywheel and token budgets need it).</summary>
    public byte[] FromChat(JsonObject chat, string upstreamModel, bool stream)
    {
        chat["model"] = upstreamModel;
        chat["stream"] = stream;
        chat.Remove("stream_options");
        if (stream) chat["stream_options"] = new JsonObject { ["include_usage"] = true };
        return JsonSerializer.SerializeToUtf8Bytes(chat, TranslationJson.Options);
    }

    public IAnswerReader Reader(bool eventStream) => eventStream ? new ChatChunkReader() : new ChatCompletionReader();

    public IAnswerWriter Writer(ChatRequest request, bool eventStream) => new ChatCompletionWriter(eventStream, request.IncludeUsage);

    public int TerminatorLength(ReadOnlySpan<byte> streamEnd)
    {
        var end = streamEnd.TrimEnd("\r\n"u8);
        if (!end.EndsWith("[DONE]"u8)) return 0;
        end = end[..^"[DONE]".Length].TrimEnd((byte)' ');
        if (!end.EndsWith("data:"u8)) return 0;
        var start = end.Length - "data:".Length;
        // The event starts a line: the stream's first bytes, or after the blank line that ended the previous event.
        if (start > 0 && streamEnd[start - 1] != (byte)'\n') return 0;
        return streamEnd.Length - start;
    }

    public ParsedAnswer ReadAnswer(ReadOnlyMemory<byte> body, bool streamed) => OpenAiAnswer.Read(body, streamed);
}

/// <summary>An Azure OpenAI deployment: its name (in the path) and the <c>api-version</c> it is called with.</summary>
internal sealed record AzureDeployment(string Deployment, string ApiVersion);
