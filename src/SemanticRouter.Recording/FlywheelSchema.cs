namespace SemanticRouter.Recording;

/// <summary>The schema of the flywheel's Parquet files: the one place that names columns and their types.</summary>
public static class FlywheelSchema
{
    public static readonly IReadOnlyList<FlywheelColumn> Columns =
    [
        FlywheelColumn.Text("request_id", r => r.RequestId),
        FlywheelColumn.Timestamp("ts", r => r.Ts),
        FlywheelColumn.Text("mode", r => r.Mode),
        FlywheelColumn.Text("question", r => r.Question),
        FlywheelColumn.Text("model", r => r.Model),
        FlywheelColumn.Text("answer", r => r.Answer),
        FlywheelColumn.Double("latency_ms", r => r.LatencyMs),
        FlywheelColumn.Double("ttft_ms", r => r.TtftMs),
        FlywheelColumn.Integer("prompt_tokens", r => r.PromptTokens),
        FlywheelColumn.Integer("completion_tokens", r => r.CompletionTokens),
        FlywheelColumn.Double("cost", r => r.Cost),
        FlywheelColumn.Double("score", r => r.Score),
        FlywheelColumn.Text("router_version", r => r.RouterVersion),
        FlywheelColumn.Text("chosen_model", r => r.ChosenModel),
        FlywheelColumn.Text("messages_sha256", r => r.MessagesSha256),
        FlywheelColumn.Text("candidates", r => r.Candidates),
        FlywheelColumn.Integer("status", r => r.Status),
        FlywheelColumn.Text("error", r => r.Error),
    ];

    public const string Directory = "flywheel";

    /// <summary>A glob over every Parquet file of the flywheel under a data directory.</summary>
    public static string Glob(string dataDir) => Path.Combine(Path.GetFullPath(dataDir), Directory, "**", "*.parquet");

    /// <summary>
    /// A DuckDB table expression over every recorded row under a data directory: <c>read_parquet</c> over the
    /// flywheel's files, or an empty relation with the same columns while there are none yet.
    /// </summary>
    public static string Source(string dataDir)
    {
        var directory = Path.Combine(Path.GetFullPath(dataDir), Directory);
        var any = System.IO.Directory.Exists(directory)
            && System.IO.Directory.EnumerateFiles(directory, "*.parquet", SearchOption.AllDirectories).Any();
        return any
            ? $"read_parquet('{Glob(dataDir).Replace("'", "''")}', union_by_name = true, hive_partitioning = false)"
            : "(SELECT " + string.Join(", ", Columns.Select(c => $"NULL::{c.Type} AS {c.Name}")) + " WHERE false)";
    }
}
