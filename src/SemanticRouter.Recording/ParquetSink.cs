using System.Globalization;
using System.Text.Json;
using SemanticRouter.DuckDb;

namespace SemanticRouter.Recording;

/// <summary>
/// Writes batches of rows as Parquet files under <c>flywheel/date=YYYY-MM-DD/</c>, through DuckDB: the batch
/// goes to a JSON-lines file, DuckDB copies it to <c>part-….parquet.tmp</c>, and a rename puts it in place, so
/// a reader never sees half a file. File names carry the process tag and a sequence number, so several
/// gateways can share one data directory. Used from one thread at a time.
/// </summary>
internal sealed class ParquetSink(string dataDir, string processTag) : IDisposable
{
    private readonly DuckDbConnection _db = DuckDbConnection.Open();
    private readonly string _scratch = Directory.CreateDirectory(Path.Combine(dataDir, FlywheelSchema.Directory, ".tmp")).FullName;
    private int _sequence;

    /// <summary>Splits rows into files by date; each file name is relative to the data directory.</summary>
    public List<(string File, List<FlywheelRow> Rows)> Plan(IEnumerable<FlywheelRow> rows) =>
        rows.GroupBy(r => r.Ts.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Select(g => (Path.Combine(FlywheelSchema.Directory, $"date={g.Key}",
                $"part-{processTag}-{Interlocked.Increment(ref _sequence):D6}.parquet"), g.ToList()))
            .ToList();

    public void Write(string file, IReadOnlyList<FlywheelRow> rows)
    {
        var target = Path.Combine(dataDir, file);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var batch = Path.Combine(_scratch, Path.GetFileName(file) + ".jsonl");
        var temporary = target + ".tmp";
        try
        {
            using (var stream = File.Create(batch))
            {
                foreach (var row in rows)
                {
                    JsonSerializer.Serialize(stream, row, RecordingJsonContext.Relaxed.FlywheelRow);
                    stream.WriteByte((byte)'\n');
                }
            }
            _db.Execute(
                $"COPY (SELECT * FROM read_json('{Sql(batch)}', format = 'newline_delimited', columns = {FlywheelSchema.ReadJsonColumns})) " +
                $"TO '{Sql(temporary)}' (FORMAT PARQUET, COMPRESSION ZSTD)");
            File.Move(temporary, target, overwrite: false);
        }
        finally
        {
            File.Delete(batch);
            File.Delete(temporary);
        }
    }

    private static string Sql(string path) => path.Replace("'", "''");

    public void Dispose() => _db.Dispose();
}
