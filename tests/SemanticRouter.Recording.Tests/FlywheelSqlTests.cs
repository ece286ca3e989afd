namespace SemanticRouter.Recording.Tests;

public sealed class FlywheelSqlTests : IDisposable
{
    private readonly RecorderFixture _fixture = new();

    [Fact]
    public void Before_any_file_a_query_sees_the_flywheel_columns_and_no_rows()
    {
        var table = _fixture.Query("SELECT * FROM ROWS");
        Assert.Equal(FlywheelSchema.Columns.Select(c => c.Name), table.Columns);
        Assert.Equal(0, table.RowCount);
    }

    [Fact]
    public async Task Files_with_other_columns_are_read_by_column_name()
    {
        // A file from an older schema: fewer columns, in another order.
        var old = Path.Combine(_fixture.DataDir, "flywheel", "date=2026-11-20", "part-old.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(old)!);
        _fixture.Query($"COPY (SELECT 0.5 AS score, 'qwen-max' AS model, 'r0' AS request_id) TO '{old}' (FORMAT PARQUET)");
        await using (var recorder = _fixture.Recorder())
        {
            await recorder.StartAsync(default);
            await recorder.AddAsync(RecorderFixture.Row("r1", model: "qwen-math-7b", score: 0.8));
            await recorder.StopAsync(default);
        }

        var table = _fixture.Query("SELECT request_id, model, score, answer FROM ROWS ORDER BY request_id");
        Assert.Equal(["r0", "qwen-max", "0.5", null], Enumerable.Range(0, 4).Select(c => table[0, c]));
        Assert.Equal(["r1", "qwen-math-7b", "0.8"], Enumerable.Range(0, 3).Select(c => table[1, c]));
        Assert.NotNull(table[1, "answer"]);
    }

    [Fact]
    public void A_bad_query_fails_with_duckdbs_message()
    {
        var error = Assert.Throws<DuckDB.NET.Data.DuckDBException>(() => _fixture.Query("SELECT no_such_column FROM ROWS"));
        Assert.Contains("no_such_column", error.Message);
    }

    public void Dispose() => _fixture.Dispose();
}
