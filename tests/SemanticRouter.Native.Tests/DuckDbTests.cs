using SemanticRouter.DuckDb;

namespace SemanticRouter.Native.Tests;

public sealed class DuckDbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("semrouter-duckdb-").FullName;

    [Fact]
    public void Library_version_is_the_pinned_one()
    {
        Assert.StartsWith("v1.5.", DuckDbConnection.LibraryVersion);
    }

    [Fact]
    public void Writes_a_parquet_file_and_reads_it_back()
    {
        var file = Path.Combine(_dir, "rows.parquet");
        using (var db = DuckDbConnection.Open())
        {
            db.Execute("CREATE TABLE t (id INTEGER, question VARCHAR, score DOUBLE)");
            db.Execute("INSERT INTO t VALUES (1, '求微分方程 dy/dx = x^2 + 1 的通解', 0.8), (2, 'close idle MySQL connections', NULL)");
            db.Execute($"COPY t TO '{file}' (FORMAT PARQUET, COMPRESSION ZSTD)");
        }

        using var reader = DuckDbConnection.Open();
        var table = reader.Query($"SELECT id, question, score FROM read_parquet('{file}') ORDER BY id");

        Assert.Equal(["id", "question", "score"], table.Columns);
        Assert.Equal(2, table.RowCount);
        Assert.Equal("求微分方程 dy/dx = x^2 + 1 的通解", table[0, "question"]);
        Assert.Equal(0.8, double.Parse(table[0, "score"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(table[1, "score"]);
    }

    [Fact]
    public void Parameters_are_bound_not_spliced()
    {
        using var db = DuckDbConnection.Open();
        var table = db.Query("SELECT $1 AS a, $2 AS b", "it's; DROP TABLE x", null);
        Assert.Equal("it's; DROP TABLE x", table[0, "a"]);
        Assert.Null(table[0, "b"]);
    }

    [Fact]
    public void A_bad_statement_throws_with_duckdbs_message()
    {
        using var db = DuckDbConnection.Open();
        var error = Assert.Throws<DuckDbException>(() => db.Query("SELECT * FROM no_such_table"));
        Assert.Contains("no_such_table", error.Message);
    }

    [Fact]
    public void A_query_on_a_disposed_connection_throws_instead_of_reaching_duckdb()
    {
        var db = DuckDbConnection.Open();
        db.Dispose();
        Assert.Throws<ObjectDisposedException>(() => db.Query("SELECT 1"));
        Assert.Throws<ObjectDisposedException>(() => db.Query("SELECT $1", "a"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
