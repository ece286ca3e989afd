using SemanticRouter.Routing.Registry;

namespace SemanticRouter.Routing.Tests.Registry;

public sealed class ClassifierStoreTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("semrouter-store-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public void Pruning_keeps_the_newest_unpromoted_versions_and_every_promoted_one_and_the_champion()
    {
        var store = new ClassifierStore(_dataDir);
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        // Oldest first: one promoted by the rule, the champion, five rejected, one that left no decision.
        Write(store, "v0-promoted", start, promoted: true);
        Write(store, "v1-champion", start.AddMinutes(1), promoted: false); // its pointer set by an operator, not by the rule
        for (var i = 2; i <= 6; i++) Write(store, $"v{i}-rejected", start.AddMinutes(i), promoted: false);
        Write(store, "v7-undecided", start.AddMinutes(7), promoted: null);
        store.Promote("v1-champion");

        var deleted = store.PruneUnpromoted(keep: 2);

        Assert.Equal(["v4-rejected", "v3-rejected", "v2-rejected"], deleted);
        Assert.Equal(["v7-undecided", "v6-rejected", "v5-rejected", "v1-champion", "v0-promoted"], store.Versions().Select(v => v.Version));
        Assert.Equal("v1-champion", store.Champion());
    }

    private static void Write(ClassifierStore store, string version, DateTimeOffset created, bool? promoted)
    {
        var folder = Directory.CreateDirectory(store.Folder(version)).FullName;
        new ClassifierManifest { Version = version, Created = created, EncoderVersion = "e" }.Save(folder);
        if (promoted is { } p) File.WriteAllText(Path.Combine(folder, ClassifierStore.DecisionFile), $$"""{"promoted": {{(p ? "true" : "false")}}}""");
    }
}
