using System.Text.Json;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>Token usage and cost: asked of the upstream for every stream, shown to the client only when it asked.</summary>
public sealed class UsageTests
{
    private static readonly string Question = EmbeddedData.Questions("verify").Items[7].Question;

    private static object StreamRequest(bool includeUsage) => includeUsage
        ? new { model = "qwen-math-7b", stream = true, stream_options = new { include_usage = true }, messages = new[] { new { role = "user", content = Question } } }
        : new { model = "qwen-math-7b", stream = true, messages = new[] { new { role = "user", content = Question } } };

    private static bool IsUsageChunk(Sse.Event e)
    {
        if (e.Data == "[DONE]") return false;
        using var chunk = JsonDocument.Parse(e.Data);
        return chunk.RootElement.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_records_its_usage_and_the_client_sees_the_usage_chunk_only_if_it_asked(bool includeUsage)
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["Gateway:Prices:qwen-math-7b"] = "0.4" });

        var events = await Sse.ReadEventsAsync(servers.Http, StreamRequest(includeUsage));

        Assert.Equal(includeUsage ? 1 : 0, events.Count(IsUsageChunk));
        Assert.Equal("[DONE]", events[^1].Data);
        Assert.EndsWith("(answered by qwen-math-7b)", string.Concat(events.Select(e => e.Content)));
        Assert.Equal(1, await FlywheelFiles.WaitForAsync(servers.DataDir, 1));
        var row = FlywheelFiles.Query(servers.DataDir, "SELECT prompt_tokens, completion_tokens, cost FROM ROWS");
        var prompt = int.Parse(row[0, 0]!);
        var completion = int.Parse(row[0, 1]!);
        Assert.True(prompt > 0 && completion > 0);
        Assert.Equal(0.4 * (prompt + completion) / 1000, double.Parse(row[0, 2]!, System.Globalization.CultureInfo.InvariantCulture), 9);
    }
}
