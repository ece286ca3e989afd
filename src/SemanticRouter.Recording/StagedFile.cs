namespace SemanticRouter.Recording;

/// <summary>
/// The rows of one Parquet file to be, as JSON lines in a scratch file. A complete row is appended here at once
/// instead of waiting in memory for the next flush: rows held for seconds on the managed heap survive two
/// collections each and make every GC pause longer, which at a few thousand requests a second is the gateway's p99.
/// Used under the recorder's lock.
/// </summary>
internal sealed class StagedFile(string file, string scratchPath) : IDisposable
{
    private readonly FileStream _stream = new(scratchPath, Journal.OwnerOnly(FileMode.Create, FileShare.Read, 256 * 1024));
    private readonly List<string> _keys = [];
    private bool _closed;

    /// <summary>Where the Parquet file goes, relative to the data directory.</summary>
    public string File { get; } = file;

    public string ScratchPath { get; } = scratchPath;

    /// <summary>The keys of the rows staged, for the journal's flush marker.</summary>
    public IReadOnlyList<string> Keys => _keys;

    public int Scored { get; private set; }

    /// <summary>A write failed (a full disk): the file may end in a torn line, so no row is added to it after.</summary>
    public bool Broken { get; private set; }

    public void Append(ReadOnlySpan<byte> rowJson, FlywheelRow row)
    {
        try
        {
            _stream.Write(rowJson);
            _stream.WriteByte((byte)'\n');
        }
        catch (IOException)
        {
            Broken = true;
            throw;
        }
        _keys.Add(row.Key);
        if (row.Score >= 0) Scored++;
    }

    /// <summary>Writes what is buffered and closes the file; DuckDB reads it next.</summary>
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        _stream.Dispose();
    }

    public void Dispose() => Close();
}
