using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SemanticRouter.Contracts;

/// <summary>Writes Server-Sent Events (<c>data: {json}\n\n</c>), flushing each one.</summary>
public static class ServerSentEvents
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public static Task WriteAsync(Stream body, ChatCompletionChunk chunk, CancellationToken ct) =>
        WriteAsync(body, chunk, ContractsJson.Context.ChatCompletionChunk, ct);

    public static async Task WriteAsync<T>(Stream body, T value, JsonTypeInfo<T> type, CancellationToken ct)
    {
        await body.WriteAsync(DataPrefix, ct);
        await JsonSerializer.SerializeAsync(body, value, type, ct);
        await body.WriteAsync(EventEnd, ct);
        await body.FlushAsync(ct);
    }

    public static async Task WriteDoneAsync(Stream body, CancellationToken ct)
    {
        await body.WriteAsync(Done, ct);
        await body.FlushAsync(ct);
    }
}
