using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>Reads a request body under a size limit: once, because routing needs its text and Forward its bytes.</summary>
internal static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) throw GatewayException.TooLarge(limit);
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            int read;
            try
            {
                read = await request.Body.ReadAsync(memory, ct);
            }
            catch (IOException e) when (e is not BadHttpRequestException && !ct.IsCancellationRequested)
            {
                // Kestrel reports bad framing (a chunk size that overflows, a malformed chunk) as an IOException
                // while the client is still there: the client's fault, a 400.
                throw new BadHttpRequestException($"The request body could not be read: {e.Message}", 400, e);
            }
            if (read == 0) return buffer.WrittenMemory;
            buffer.Advance(read);
            if (buffer.WrittenCount > limit) throw GatewayException.TooLarge(limit);
        }
    }
}
