using System.Globalization;
using DuckDB.NET.Data;

namespace SemanticRouter.Recording;

/// <summary>
/// SQL over every recorded row with DuckDB (in memory): <c>ROWS</c> in a query names them (<see cref="FlywheelSchema.Source"/>).
/// Training reads, benchmarks and tests that read the files back go through it.
/// </summary>
public static class FlywheelSql
{
    /// <summary>Runs a query and returns its whole result, each value as text (invariant culture; null for SQL NULL).</summary>
    public static SqlTable Query(string dataDir, string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql.Replace("ROWS", FlywheelSchema.Source(dataDir));
        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            var row = new string?[columns.Length];
            for (var c = 0; c < row.Length; c++)
                row[c] = reader.IsDBNull(c) ? null : Convert.ToString(reader.GetValue(c), CultureInfo.InvariantCulture);
            rows.Add(row);
        }
        return new SqlTable(columns, rows);
    }
}
