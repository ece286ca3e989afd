namespace SemanticRouter.Recording.Tests;

public sealed class FlywheelRecorderTests : IDisposable
{
    private readonly RecorderFixture _fixture = new();

    [Fact]
    public async Task Rows_reach_parquet_with_the_documented_columns_and_types()
    {
        await using var recorder = _fixture.Recorder();
        await recorder.StartAsync(default);
        await recorder.AddAsync(RecorderFixture.Row("r1", score: 0.8));
        await recorder.FlushAsync();

        var schema = _fixture.Query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ROWS)");
        var columns = Enumerable.Range(0, schema.RowCount).Select(i => (schema[i, 0], schema[i, 1])).ToList();
        Assert.Equal(FlywheelSchema.Columns.Select(c => ((string?)c.Name, (string?)Normalize(c.Type))), columns);
        var row = _fixture.Query("SELECT request_id, mode, question, score, strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts, ttft_ms FROM ROWS");
        Assert.Equal("r1", row[0, "request_id"]);
        Assert.Equal("求微分方程 dy/dx = x^2 + 1 的通解", row[0, "question"]);
        Assert.Equal("0.8", row[0, "score"]);
        Assert.Equal("2026-11-21 23:45:00", row[0, "ts"]);
        Assert.Null(row[0, "ttft_ms"]);
    }

    [Fact]
    public async Task Files_are_zstd_compressed()
    {
        await using var recorder = _fixture.Recorder();
        await recorder.StartAsync(default);
        await recorder.AddAsync(RecorderFixture.Row("r1", score: 0.8));
        await recorder.FlushAsync();

        var glob = FlywheelSchema.Glob(_fixture.DataDir);
        var codecs = _fixture.Query($"SELECT DISTINCT compression FROM parquet_metadata('{glob}')");
        Assert.Equal(["ZSTD"], Enumerable.Range(0, codecs.RowCount).Select(i => codecs[i, 0]));
    }

    [Fact]
    public async Task Files_are_partitioned_by_date_and_named_per_process()
    {
        await using var recorder = _fixture.Recorder();
        await recorder.StartAsync(default);
        await recorder.AddAsync(RecorderFixture.Row("r1"));
        await recorder.FlushAsync();
        var file = Assert.Single(Directory.EnumerateFiles(Path.Combine(_fixture.DataDir, "flywheel"), "*.parquet", SearchOption.AllDirectories));
        Assert.Equal("date=2026-11-21", Path.GetFileName(Path.GetDirectoryName(file)));
        Assert.Matches($"^part-.+-{Environment.ProcessId}-[0-9a-f]{{6}}-000001\\.parquet$", Path.GetFileName(file));
    }

    [Fact]
    public async Task A_row_awaiting_its_score_stays_out_of_parquet_until_scored()
    {
        await using var recorder = _fixture.Recorder();
        await recorder.StartAsync(default);
        var row = RecorderFixture.Row("r1");
        await recorder.AddAsync(row, awaitingScore: true);
        await recorder.FlushAsync();
        Assert.Equal(0, _fixture.Count());

        await recorder.SetScoreAsync(row.Key, 0.75);
        await recorder.FlushAsync();
        Assert.Equal("0.75", _fixture.Query("SELECT score FROM ROWS")[0, 0]);
    }

    [Fact]
    public async Task A_score_that_never_comes_does_not_hold_the_row_forever()
    {
        await using var recorder = _fixture.Recorder(o => o.ScoreWaitSeconds = 0);
        await recorder.StartAsync(default);
        await recorder.AddAsync(RecorderFixture.Row("r1"), awaitingScore: true);
        await Task.Delay(20);
        await recorder.FlushAsync();
        Assert.Null(_fixture.Query("SELECT score FROM ROWS")[0, 0]);
    }

    [Fact]
    public async Task The_flush_loop_writes_rows_without_being_asked()
    {
        await using var recorder = _fixture.Recorder(o => o.FlushIntervalSeconds = 0.1);
        await recorder.StartAsync(default);
        await recorder.AddAsync(RecorderFixture.Row("r1"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_fixture.Count() == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(1, _fixture.Count());
        await recorder.StopAsync(default);
    }

    [Fact]
    public async Task Disposing_without_a_stop_ends_the_flush_loop_before_closing_the_sink()
    {
        var recorder = _fixture.Recorder(o => o.FlushIntervalSeconds = 0.05);
        await recorder.StartAsync(default);
        await recorder.AddAsync(RecorderFixture.Row("r1"));
        await recorder.DisposeAsync(); // as a host that never stopped does

        // A loop that outlived the sink would query a closed DuckDB connection on its next tick.
        Assert.False(recorder.FlushLoopRunning);
    }

    [Fact]
    public async Task Rows_the_journal_refuses_fail_the_call_and_are_counted_lost()
    {
        await using var recorder = _fixture.Recorder();
        await recorder.StartAsync(default);
        await recorder.AddAsync(RecorderFixture.Row("r1"));
        await recorder.StopAsync(default); // the journal is closed: every write from here on fails

        await Assert.ThrowsAsync<InvalidOperationException>(() => recorder.AddAsync([(RecorderFixture.Row("r2"), false), (RecorderFixture.Row("r3"), true)]));
        Assert.Equal(2, recorder.RowsLost);
        Assert.Equal(1, _fixture.Count());
    }

    [Fact]
    public async Task A_graceful_stop_flushes_everything_and_removes_the_journal()
    {
        await using (var recorder = _fixture.Recorder())
        {
            await recorder.StartAsync(default);
            await recorder.AddAsync(RecorderFixture.Row("r1"), awaitingScore: true);
            await recorder.AddAsync(RecorderFixture.Row("r2", score: 0.5));
            await recorder.StopAsync(default);
        }
        Assert.Equal(2, _fixture.Count());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_fixture.DataDir, "journal")));
    }

    [Fact]
    public async Task After_a_crash_the_next_start_recovers_the_journal_with_its_scores()
    {
        var first = _fixture.Recorder();
        await first.StartAsync(default);
        for (var i = 0; i < 20; i++) await first.AddAsync(RecorderFixture.Row($"r{i}"), awaitingScore: true);
        await first.SetScoreAsync(RecorderFixture.Row("r3").Key, 0.9);
        await first.DisposeAsync(); // no StopAsync: as if killed, the journal is left behind

        Assert.Equal(0, _fixture.Count());
        await using var second = _fixture.Recorder();
        await second.StartAsync(default);
        Assert.Equal(20, _fixture.Count());
        Assert.Equal("0.9", _fixture.Query("SELECT score FROM ROWS WHERE request_id = 'r3'")[0, 0]);
        Assert.Null(_fixture.Query("SELECT score FROM ROWS WHERE request_id = 'r4'")[0, 0]);
        // r3 was staged for Parquet in a scratch file when scored; the recovery removed the dead process's scratch.
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_fixture.DataDir, "flywheel", ".tmp")));
    }

    [Fact]
    public async Task Rows_already_in_parquet_are_not_recovered_twice()
    {
        var first = _fixture.Recorder();
        await first.StartAsync(default);
        await first.AddAsync(RecorderFixture.Row("flushed"));
        await first.FlushAsync();
        await first.AddAsync(RecorderFixture.Row("pending"));
        await first.DisposeAsync();

        await using var second = _fixture.Recorder();
        await second.StartAsync(default);
        Assert.Equal(["flushed", "pending"], Ids());
    }

    [Fact]
    public async Task A_torn_last_journal_line_is_skipped()
    {
        var first = _fixture.Recorder();
        await first.StartAsync(default);
        await first.AddAsync(RecorderFixture.Row("whole"));
        await first.DisposeAsync();
        var journal = Assert.Single(Directory.EnumerateFiles(Path.Combine(_fixture.DataDir, "journal")));
        await File.AppendAllTextAsync(journal, """{"row":{"request_id":"torn","ts":"2026-11""");

        await using var second = _fixture.Recorder();
        await second.StartAsync(default);
        Assert.Equal(["whole"], Ids());
    }

    [Fact]
    public async Task The_live_journal_of_another_recorder_is_left_alone()
    {
        await using var live = _fixture.Recorder();
        await live.StartAsync(default);
        await live.AddAsync(RecorderFixture.Row("live"));

        await using var other = _fixture.Recorder();
        await other.StartAsync(default);
        Assert.Equal(0, _fixture.Count());
        await live.StopAsync(default);
        Assert.Equal(["live"], Ids());
    }

    [Fact]
    public async Task Rotating_the_journal_keeps_rows_not_yet_in_parquet()
    {
        var first = _fixture.Recorder(o => o.JournalRotateBytes = 1);
        await first.StartAsync(default);
        await first.AddAsync(RecorderFixture.Row("written"));
        await first.AddAsync(RecorderFixture.Row("waiting"), awaitingScore: true);
        await first.FlushAsync(); // writes one row, then rotates, carrying the other over
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_fixture.DataDir, "journal")));
        await first.DisposeAsync();

        await using var second = _fixture.Recorder();
        await second.StartAsync(default);
        Assert.Equal(["waiting", "written"], Ids());
    }

    private List<string?> Ids()
    {
        var table = _fixture.Query("SELECT request_id FROM ROWS ORDER BY request_id");
        return Enumerable.Range(0, table.RowCount).Select(i => table[i, 0]).ToList();
    }

    private static string Normalize(string type) => type switch
    {
        "TIMESTAMPTZ" => "TIMESTAMP WITH TIME ZONE",
        _ => type,
    };

    public void Dispose() => _fixture.Dispose();
}
