using System.Buffers;
using System.Text.Json;

namespace SemanticRouter.Recording;

/// <summary>
/// An append-only file of <see cref="JournalEntry"/> lines. An append is written to the file (the OS's page cache;
/// with <c>flushToDisk</c>, the disk) before it returns, on the caller's thread: a background writer would cost
/// every row two thread hops, which at one connection are most of what the flywheel adds to a request's latency.
/// Callers batch where they can (<see cref="AppendRows"/>). The file is held with an exclusive lock while open,
/// which is how another process tells a live journal from one left by a process that died.
/// </summary>
internal sealed class Journal : IDisposable
{
    private readonly FileStream _file;
    private readonly bool _flushToDisk;
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json;
    private long _length;
    private bool _closed;
    private bool _torn;

    private Journal(string path, bool flushToDisk)
    {
        Path = path;
        _flushToDisk = flushToDisk;
        _file = new FileStream(path, OwnerOnly(FileMode.CreateNew, FileShare.None, bufferSize: 1));
        _json = new Utf8JsonWriter(_buffer);
    }

    public string Path { get; }

    /// <summary>Options for a file only its owner may read (0600): the journal and staged rows hold users' questions and answers.</summary>
    internal static FileStreamOptions OwnerOnly(FileMode mode, FileShare share, int bufferSize)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return options;
    }

    public long Length => Interlocked.Read(ref _length);

    public static Journal Create(string path, bool flushToDisk) => new(path, flushToDisk);

    public void Append(JournalEntry entry)
    {
        lock (_gate)
        {
            _json.Reset(_buffer);
            JsonSerializer.Serialize(_json, entry, RecordingJsonContext.Relaxed.JournalEntry);
            _json.Flush();
            _buffer.Write("\n"u8);
            Commit();
        }
    }

    /// <summary>Appends row entries from the rows' JSON, serialized once by the caller (they are staged for Parquet too).</summary>
    public void AppendRows(IEnumerable<byte[]> rowsJson)
    {
        lock (_gate)
        {
            foreach (var row in rowsJson)
            {
                _buffer.Write("{\"row\":"u8);
                _buffer.Write(row);
                _buffer.Write("}\n"u8);
            }
            Commit();
        }
    }

    private void Commit()
    {
        try
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            // A failed write (disk full) may have left part of a line: end it, or replay would read it and the
            // next entry as one unreadable line and lose both.
            if (_torn) _file.Write("\n"u8);
            _torn = true;
            _file.Write(_buffer.WrittenSpan);
            _file.Flush(_flushToDisk);
            _torn = false;
            Interlocked.Add(ref _length, _buffer.WrittenCount);
        }
        finally
        {
            _buffer.ResetWrittenCount();
        }
    }

    /// <summary>Puts what was written so far on the disk itself (fsync).</summary>
    public void Sync()
    {
        lock (_gate)
        {
            if (!_closed) _file.Flush(flushToDisk: true);
        }
    }

    /// <summary>Reads every whole entry of a journal; a torn last line (a crash mid-write) is skipped.</summary>
    public static IEnumerable<JournalEntry> Read(Stream journal)
    {
        using var reader = new StreamReader(journal, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            JournalEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize(line, RecordingJsonContext.Relaxed.JournalEntry);
            }
            catch (JsonException)
            {
                continue;
            }
            if (entry is not null) yield return entry;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            _json.Dispose();
            _file.Dispose();
        }
    }
}
