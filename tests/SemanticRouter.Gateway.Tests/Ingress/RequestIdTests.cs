using SemanticRouter.Gateway.Ingress;

namespace SemanticRouter.Gateway.Tests.Ingress;

public class RequestIdTests
{
    [Fact]
    public void An_id_is_a_version_7_uuid_carrying_its_millisecond()
    {
        var now = new DateTimeOffset(2026, 11, 22, 8, 0, 0, 123, TimeSpan.Zero);
        var id = RequestId.Next(now, new Random(1));

        Assert.Matches("^[0-9a-f]{32}$", id);
        var guid = Guid.ParseExact(id, "N");
        Assert.Equal(7, guid.Version);
        Assert.Equal(now.ToUnixTimeMilliseconds(), Convert.ToInt64(id[..12], 16));
        Assert.Contains(id[16], "89ab"); // RFC 4122 variant
    }

    [Fact]
    public void Ids_sort_by_time_and_differ_within_a_millisecond()
    {
        var now = DateTimeOffset.UtcNow;
        var random = new Random(2);
        var first = RequestId.Next(now, random);
        var same = RequestId.Next(now, random);
        var later = RequestId.Next(now.AddMilliseconds(1), random);

        Assert.NotEqual(first, same);
        Assert.True(string.CompareOrdinal(later, first) > 0 && string.CompareOrdinal(later, same) > 0);
    }
}
