using System.Globalization;
using DuckDB.NET.Data;

namespace SemanticRouter.Recording;

/// <summary>
/// Writes Parquet files under <c>flywheel/date=YYYY-MM-DD/</c>, through DuckDB: the rows of a file are staged as
/// JSON lines in a scratch file (<see cref="StagedFile"/>), DuckDB copies them to <c>part-….parquet.tmp</c> (ZSTD), and
/// a rename puts it in place, so a reader never sees half a file. File names carry the process tag and a
/// sequence number, so several gateways can share one data directory. <see cref="Write"/> is used from one
/// thread at a time.
/// </summary>
internal sealed class ParquetSink(string dataDir, string processTag) : IDisposable
{
    private readonly DuckDBConnection _db = Open();
    private readonly string _scratch = Directory.CreateDirectory(Path.Combine(dataDir, FlywheelSchema.Directory, ".tmp")).FullName;
    private int _sequence;

    /// <summary>A new staged file for rows of <paramref name="date"/> (UTC).</summary>
    public StagedFile Stage(DateOnly date)
    {
        var name = $"part-{processTag}-{Interlocked.Increment(ref _sequence):D6}.parquet";
        return new StagedFile(Path.Combine(FlywheelSchema.Directory, $"date={date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", name),
            Path.Combine(_scratch, name + ".jsonl"));
    }

    /// <summary>The UTC date whose directory a row goes to.</summary>
    public static DateOnly DateOf(FlywheelRow row) => DateOnly.FromDateTime(row.Ts.UtcDateTime);

    /// <summary>Stages and writes rows at once (recovery), one file per date.</summary>
    public void Write(IEnumerable<FlywheelRow> rows)
    {
        foreach (var group in rows.GroupBy(DateOf))
        {
            using var staged = Stage(group.Key);
            foreach (var row in group) staged.Append(RecordingJsonContext.Utf8(row), row);
            Write(staged);
        }
    }

    /// <summary>
    /// Moves a staged file into Parquet and returns how many of its rows it held; on failure the staged rows stay in
    /// the scratch file for a retry. A line a full disk tore is skipped (the caller counts it lost): one such line
    /// must not keep every later flush from succeeding.
    /// </summary>
    public int Write(StagedFile staged)
    {
        staged.Close();
        var target = Path.Combine(dataDir, staged.File);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + ".tmp";
        try
        {
            var written = Execute(_db,
                $"COPY (SELECT * FROM read_json('{Sql(staged.ScratchPath)}', format = 'newline_delimited', ignore_errors = true, " +
                $"columns = {FlywheelSchema.ReadJsonColumns})) TO '{Sql(temporary)}' (FORMAT PARQUET, COMPRESSION ZSTD)");
            File.Move(temporary, target, overwrite: false);
            File.Delete(staged.ScratchPath);
            return written;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Deletes the scratch files a dead process left (its rows are in its journal, which recovery reads).</summary>
    public void DeleteScratch(string deadProcessTag)
    {
        foreach (var file in Directory.EnumerateFiles(_scratch, $"part-{deadProcessTag}-*")) File.Delete(file);
    }

    /// <summary>
    /// One DuckDB thread: a flush is a few thousand rows every few seconds, and DuckDB's default of a thread per
    /// core would take every core from the requests for that moment.
    /// </summary>
    private static DuckDBConnection Open()
    {
        var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        Execute(db, "SET threads = 1");
        return db;
    }

    private static int Execute(DuckDBConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private static string Sql(string path) => path.Replace("'", "''");

    public void Dispose() => _db.Dispose();
}
