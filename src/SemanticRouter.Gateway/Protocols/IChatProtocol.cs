using Microsoft.AspNetCore.Http;
using System.Text.Json.Nodes;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Protocols.Translation;

namespace SemanticRouter.Gateway.Protocols;

/// <summary>
/// One LLM API's wire format (OpenAI Chat Completions; Anthropic Messages and the OpenAI Responses API are the next
/// ones), both ways: inbound, what a client speaking it sends and how the gateway answers it in it; outbound, where
/// an upstream speaking it is sent a request and how its answers are read. Nothing else in the gateway reads or
/// writes a wire format: a request between two protocols goes through their <see cref="IProtocolTranslator"/>.
/// </summary>
internal interface IChatProtocol
{
    /// <summary>The protocol's name in configuration and logs, e.g. <c>openai-chat</c>.</summary>
    string Name { get; }

    /// <summary>Reads and checks a client's request; throws <see cref="InvalidRequestException"/> for bad input.</summary>
    ChatRequest ParseRequest(ReadOnlyMemory<byte> body, RequestLimits limits);

    /// <summary>Ends a stream that broke after bytes went out, in band: the client must not take it for a clean end.</summary>
    Task EndStreamWithErrorAsync(HttpResponse response, string message);

    /// <summary>Where an upstream speaking this protocol takes requests, under its base URL.</summary>
    Uri Endpoint(Uri baseUrl);

    /// <summary>Puts the upstream's API key where this protocol expects it, and any header the protocol requires.</summary>
    void Authorize(HttpRequestMessage request, string? apiKey);

    /// <summary>
    /// How many of the last bytes of an upstream's stream are its terminator (OpenAI: the <c>data: [DONE]</c> event);
    /// 0 when the stream does not end with it. A stream that ends without its terminator was cut, however cleanly
    /// its connection closed.
    /// </summary>
    int TerminatorLength(ReadOnlySpan<byte> streamEnd);

    /// <summary>A request of one user message for a whole answer, for calls the gateway makes itself (the LLM judge).</summary>
    ReadOnlyMemory<byte> PromptBody(string model, string prompt);

    /// <summary>The text, model and token usage of an upstream's answer, whole or streamed; unreadable parts are left empty.</summary>
    ParsedAnswer ReadAnswer(ReadOnlyMemory<byte> body, bool streamed);

    /// <summary>
    /// A client's request as an OpenAI Chat Completions request, the form every translation goes through (as
    /// LiteLLM's does); throws <see cref="InvalidRequestException"/> for what has no equivalent there.
    /// </summary>
    JsonObject ToChat(ReadOnlyMemory<byte> body);

    /// <summary>A Chat Completions request (<see cref="ToChat"/>) as this protocol's request to an upstream.</summary>
    byte[] FromChat(JsonObject chat, string upstreamModel, bool stream);

    /// <summary>Reads an upstream's answer in this protocol into answer parts.</summary>
    IAnswerReader Reader(bool eventStream);

    /// <summary>Writes answer parts as this protocol answers a client.</summary>
    IAnswerWriter Writer(ChatRequest request, bool eventStream);
}
