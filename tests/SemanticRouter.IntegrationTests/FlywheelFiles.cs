using SemanticRouter.Recording;

namespace SemanticRouter.IntegrationTests;

/// <summary>Reads what reached the flywheel's Parquet files, with DuckDB; <c>ROWS</c> in a query names them.</summary>
internal static class FlywheelFiles
{
    public static SqlTable Query(string dataDir, string sql) => FlywheelSql.Query(dataDir, sql);

    public static int Count(string dataDir, string where = "true") =>
        int.Parse(Query(dataDir, $"SELECT count(*) FROM ROWS WHERE {where}")[0, 0]!);

    /// <summary>Polls until at least <paramref name="expected"/> rows match, or the deadline passes.</summary>
    public static async Task<int> WaitForAsync(string dataDir, int expected, string where = "true", double seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        int count;
        while ((count = Count(dataDir, where)) < expected && DateTime.UtcNow < deadline) await Task.Delay(100);
        return count;
    }
}
