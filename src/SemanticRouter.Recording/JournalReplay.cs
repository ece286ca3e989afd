namespace SemanticRouter.Recording;

/// <summary>
/// Rebuilds, from journal files, the rows that never reached Parquet. Order within and across files does not
/// matter: a row's score is the last score entry for its key (else its own); a row is done once a flush that
/// named it ended, or began and left its file in place.
/// </summary>
internal static class JournalReplay
{
    public static List<FlywheelRow> Unflushed(IEnumerable<Stream> journals, string dataDir)
    {
        var rows = new Dictionary<string, FlywheelRow>();
        var scores = new Dictionary<string, double?>();
        var begun = new Dictionary<string, IReadOnlyList<string>>();
        var flushed = new HashSet<string>();
        foreach (var journal in journals)
        foreach (var entry in Journal.Read(journal))
        {
            if (entry.Row is { } row) rows[row.Key] = row;
            else if (entry.Score is { } score) scores[score.Key] = score.Value;
            else if (entry.FlushBegin is { } begin) begun[begin.File] = begin.Keys ?? [];
            else if (entry.FlushEnd is { } end && begun.Remove(end.File, out var keys)) flushed.UnionWith(keys);
        }
        foreach (var (file, keys) in begun)
            if (File.Exists(Path.Combine(dataDir, file))) flushed.UnionWith(keys);

        return rows.Values
            .Where(r => !flushed.Contains(r.Key))
            .Select(r => scores.TryGetValue(r.Key, out var s) ? r with { Score = s } : r)
            .ToList();
    }
}
