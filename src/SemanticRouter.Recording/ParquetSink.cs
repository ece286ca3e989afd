using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace SemanticRouter.Recording;

/// <summary>
/// Writes Parquet files under <c>flywheel/date=YYYY-MM-DD/</c> with Parquet.Net: the rows of a file are staged as
/// JSON lines in a scratch file (<see cref="StagedFile"/>), read back into ZSTD-compressed row groups written to
/// <c>part-….parquet.tmp</c>, and a rename puts it in place, so a reader never sees half a file. File names carry the
/// process tag and a sequence number, so several gateways can share one data directory. <see cref="Write"/> is used
/// from one thread at a time, and does all its work on that thread (the flush loop's low priority holds for it).
/// </summary>
internal sealed class ParquetSink(string dataDir, string processTag)
{
    /// <summary>Rows per row group: bounds what one flush holds in memory at once.</summary>
    internal const int RowGroupRows = 20_000;

    private static readonly ParquetSchema Schema = new(FlywheelSchema.Columns.Select(c => (Field)c.Field).ToArray());
    private static readonly ParquetOptions Options = CreateOptions();

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

    /// <summary>Moves a staged file into Parquet; on failure the staged rows stay in the scratch file for a retry.</summary>
    public void Write(StagedFile staged)
    {
        staged.Close();
        var target = Path.Combine(dataDir, staged.File);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + ".tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                Encode(ReadStaged(staged.ScratchPath)).WriteTo(file);
            File.Move(temporary, target, overwrite: false);
            File.Delete(staged.ScratchPath);
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
    /// The whole Parquet file in memory. Parquet.Net's API is asynchronous; over a memory stream every step completes
    /// at once, so the work stays on the calling thread instead of continuing on the thread pool.
    /// </summary>
    private static MemoryStream Encode(IEnumerable<FlywheelRow> rows)
    {
        var buffer = new MemoryStream();
        var writer = ParquetWriter.CreateAsync(Schema, buffer, Options).GetAwaiter().GetResult();
        foreach (var chunk in rows.Chunk(RowGroupRows))
        {
            using var group = writer.CreateRowGroup();
            foreach (var column in FlywheelSchema.Columns) column.WriteAsync(group, chunk).GetAwaiter().GetResult();
        }
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return buffer;
    }

    /// <summary>The rows of a staged file, parsed from its UTF-8 lines as they are read (no UTF-16 copy of the file).</summary>
    private static IEnumerable<FlywheelRow> ReadStaged(string path)
    {
        using var file = File.OpenRead(path);
        var buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline >= 0)
            {
                yield return Parse(buffer, start, newline - start);
                start = newline + 1;
                continue;
            }
            // No whole line left: keep the partial one at the front, make room for a longer one, read on.
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
            if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            var read = file.Read(buffer, end, buffer.Length - end);
            if (read == 0) break;
            end += read;
        }
        if (end > 0) yield return Parse(buffer, 0, end); // a last line without its newline
    }

    private static FlywheelRow Parse(byte[] buffer, int start, int length) =>
        JsonSerializer.Deserialize(buffer.AsSpan(start, length), RecordingJsonContext.Relaxed.FlywheelRow)
        ?? throw new InvalidDataException("a staged row is null");

    /// <summary>
    /// ZSTD at level 3 (Parquet.Net's <c>Optimal</c>; its default, <c>SmallestSize</c>, is level 19 and made a flush
    /// about ten times slower), and dictionary encoding tried on every text column (Parquet.Net tries it only where
    /// asked): questions, answers and model names repeat (bench-flywheel's 100,000 rows: 547 KB instead of 918 KB).
    /// </summary>
    private static ParquetOptions CreateOptions()
    {
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = System.IO.Compression.CompressionLevel.Optimal };
        foreach (var column in FlywheelSchema.Columns.Where(c => c.Type == "VARCHAR")) options.ColumnEncodingHints[column.Name] = EncodingHint.Dictionary;
        return options;
    }
}
