using System.Buffers.Binary;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// Request ids: 32 hex digits in the UUIDv7 layout (time-ordered, so ids sort by arrival). The random bits come
/// from <see cref="Random.Shared"/>: <c>Guid.CreateVersion7</c> draws them from the kernel, a system call per
/// request, and an id needs to be unique, not unpredictable.
/// </summary>
internal static class RequestId
{
    public static string Next() => Next(DateTimeOffset.UtcNow, Random.Shared);

    public static string Next(DateTimeOffset now, Random random)
    {
        Span<byte> id = stackalloc byte[16];
        random.NextBytes(id[6..]);
        Span<byte> ms = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(ms, now.ToUnixTimeMilliseconds());
        ms[2..].CopyTo(id); // 48 bits of Unix milliseconds
        id[6] = (byte)(0x70 | (id[6] & 0x0F)); // version 7
        id[8] = (byte)(0x80 | (id[8] & 0x3F)); // RFC 4122 variant
        return Convert.ToHexStringLower(id);
    }
}
