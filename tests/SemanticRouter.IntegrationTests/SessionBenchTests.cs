using SemanticRouter.Benchmarks.Sessions;

namespace SemanticRouter.IntegrationTests;

/// <summary>bench-sessions on the project's multi-turn set: pinning switches models less than last-message routing, at no loss of score.</summary>
public sealed class SessionBenchTests
{
    [Fact]
    public async Task Pinned_conversations_switch_less_than_last_message_routing_at_equal_or_better_score()
    {
        var outDir = Directory.CreateTempSubdirectory("semrouter-sessions-").FullName;
        try
        {
            var results = await SessionBench.RunAsync(Path.Combine(IndependentReaderTests.RepoRoot(), "datasets", "conversations.json"), "default",
                outDir, "test", _ => { }, CancellationToken.None);
            var (pinned, lastMessage) = (results.Single(r => r.Mode == "pinned"), results.Single(r => r.Mode == "last-message"));
            Assert.Equal(20, pinned.Conversations);
            Assert.True(pinned.SwitchesPerConversation < lastMessage.SwitchesPerConversation / 2, $"{pinned} vs {lastMessage}");
            Assert.True(pinned.MeanScore >= lastMessage.MeanScore, $"{pinned} vs {lastMessage}");
            Assert.True(File.Exists(Path.Combine(outDir, "sessions.json")));
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
