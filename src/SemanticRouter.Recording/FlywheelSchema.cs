namespace SemanticRouter.Recording;

/// <summary>The Parquet schema of the flywheel: the one place that names columns and their DuckDB types.</summary>
public static class FlywheelSchema
{
    public static readonly IReadOnlyList<(string Name, string Type)> Columns =
    [
        ("request_id", "VARCHAR"),
        ("ts", "TIMESTAMPTZ"),
        ("mode", "VARCHAR"),
        ("question", "VARCHAR"),
        ("model", "VARCHAR"),
        ("answer", "VARCHAR"),
        ("latency_ms", "DOUBLE"),
        ("ttft_ms", "DOUBLE"),
        ("prompt_tokens", "INTEGER"),
        ("completion_tokens", "INTEGER"),
        ("cost", "DOUBLE"),
        ("score", "DOUBLE"),
        ("router_version", "VARCHAR"),
        ("chosen_model", "VARCHAR"),
        ("messages_sha256", "VARCHAR"),
        ("candidates", "VARCHAR"),
        ("status", "INTEGER"),
        ("error", "VARCHAR"),
        ("protocol", "VARCHAR"),
        ("comment", "VARCHAR"),
        ("verdict", "VARCHAR"),
    ];

    /// <summary>The <c>columns={...}</c> argument of DuckDB's <c>read_json</c> for these columns.</summary>
    public static string ReadJsonColumns { get; } =
        "{" + string.Join(", ", Columns.Select(c => $"{c.Name}: '{c.Type}'")) + "}";

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
