using System.Text.Json;

namespace SemanticRouter.Contracts;

/// <summary>Writes chat completion chunks as Server-Sent Events (<c>data: {json}\n\n</c>), flushing each one.</summary>
public static class ServerSentEvents
{
    public static async Task WriteAsync(Stream body, ChatCompletionChunk chunk, CancellationToken ct)
    {
        await body.WriteAsync("data: "u8.ToArray(), ct);
        await JsonSerializer.SerializeAsync(body, chunk, ContractsJson.Context.ChatCompletionChunk, ct);
        await body.WriteAsync("\n\n"u8.ToArray(), ct);
        await body.FlushAsync(ct);
    }

    public static async Task WriteDoneAsync(Stream body, CancellationToken ct)
    {
        await body.WriteAsync("data: [DONE]\n\n"u8.ToArray(), ct);
        await body.FlushAsync(ct);
    }
}
