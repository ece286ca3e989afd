namespace SemanticRouter.Benchmarks.Demo;

/// <summary>
/// The demo starts from an empty data directory, and empties one only when the demo made everything in it: a
/// marker file says the demo made the folder, and the demo's own entries are the only names allowed beside it.
/// <c>--data-dir ./data</c> (where <c>serve</c> keeps its recorded answers) is refused unless <c>--force</c>.
/// </summary>
public static class DemoDataDir
{
    public const string Marker = ".semrouter-demo";

    /// <summary>What a demo run leaves in its data directory (the gateway's folders and the two bench reports).</summary>
    private static readonly HashSet<string> DemoEntries = new(StringComparer.Ordinal)
    {
        Marker, "flywheel", "journal", "models", "cache", "bench-before", "bench-after",
    };

    /// <summary>Why <paramref name="dataDir"/> must not be emptied, or null when it may be.</summary>
    public static string? WhyNotEmpty(string dataDir, bool force)
    {
        if (force || !Directory.Exists(dataDir)) return null;
        var entries = Directory.EnumerateFileSystemEntries(dataDir).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        if (entries.Count == 0) return null;
        var full = Path.GetFullPath(dataDir);
        if (!entries.Contains(Marker))
            return $"demo: {full} is not empty and the demo did not make it (it holds {Listing(entries)}). " +
                   "The demo empties its data directory first: choose another --data-dir, or add --force to delete everything in it.";
        var foreign = entries.Where(e => !DemoEntries.Contains(e)).ToList();
        return foreign.Count == 0 ? null
            : $"demo: {full} holds what the demo did not make ({Listing(foreign)}). Move it away, choose another --data-dir, or add --force to delete it.";
    }

    /// <summary>Empties (or creates) the folder and marks it as the demo's.</summary>
    public static void Prepare(string dataDir)
    {
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        Directory.CreateDirectory(dataDir);
        File.WriteAllText(Path.Combine(dataDir, Marker), "Made by `semrouter demo`, which empties this folder when it runs again.\n");
    }

    private static string Listing(List<string> names) => string.Join(", ", names.Take(5)) + (names.Count > 5 ? $" and {names.Count - 5} more" : "");
}
