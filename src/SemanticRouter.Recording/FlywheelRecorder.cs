using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SemanticRouter.Recording;

/// <summary>
/// The Record stage. A row is journaled before <see cref="AddAsync"/> returns. A complete row (scored, or no
/// score coming) is staged at once as a JSON line in the scratch file of the next Parquet file; a row awaiting
/// its score waits in memory until it is scored or the wait runs out. Every few seconds the staged files become
/// Parquet. A graceful stop flushes everything; after a crash, the next start (of any gateway sharing the data
/// directory) recovers the dead process's journal into Parquet.
/// </summary>
public sealed partial class FlywheelRecorder(IOptions<RecordingOptions> options, ILogger<FlywheelRecorder> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly RecordingOptions _options = options.Value;
    private readonly string _processTag = ProcessTag();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Held> _awaiting = [];
    private readonly Dictionary<DateOnly, StagedFile> _staged = [];
    private readonly List<StagedFile> _broken = []; // staged files a failed write sealed early, flushed with the rest
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();

    // Touched only while flushing: files whose move to Parquet failed (retried), rotated-out journals (deleted
    // once nothing they hold is outside Parquet).
    private readonly List<StagedFile> _unwritten = [];
    private readonly List<Journal> _retired = [];
    private Journal? _journal;
    private ParquetSink? _sink;
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    private string DataDir => Path.GetFullPath(_options.DataDir);
    private string JournalDir => Path.Combine(DataDir, "journal");
    private Journal CurrentJournal => _journal ?? throw new InvalidOperationException("The recorder has not started.");

    private long _scoredRowsWritten;
    private long _rowsWritten;
    private long _rowsLost;

    /// <summary>Rows with a score (≥ 0) this process has written to Parquet since it started.</summary>
    public long ScoredRowsWritten => Interlocked.Read(ref _scoredRowsWritten);

    /// <summary>Rows this process has written to Parquet (the gateway's metrics read it).</summary>
    public long RowsWritten => Interlocked.Read(ref _rowsWritten);

    /// <summary>Rows whose journal write failed (the data directory's disk full or gone): not recorded anywhere.</summary>
    public long RowsLost => Interlocked.Read(ref _rowsLost);

    /// <summary>Rows not yet in Parquet: awaiting a score, or staged for the next flush.</summary>
    public int HeldRows { get { lock (_gate) return _awaiting.Count + _staged.Values.Concat(_broken).Sum(s => s.Keys.Count); } }

    /// <summary>True while the background flush loop runs (from start until stop or disposal).</summary>
    public bool FlushLoopRunning => !_loop.IsCompleted;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(JournalDir);
        _sink = new ParquetSink(DataDir, _processTag);
        Recover();
        _journal = Journal.Create(Path.Combine(JournalDir, $"{_processTag}.journal"), _options.FsyncEachWrite);
        _loop = BackgroundThread.Start("flywheel flush", FlushLoop);
        await Task.CompletedTask;
    }

    /// <summary>
    /// Journals a row (done when this returns; the task is for callers that may one day wait on a disk). With
    /// <paramref name="awaitingScore"/>, it stays out of Parquet until scored (or the wait runs out).
    /// </summary>
    public Task AddAsync(FlywheelRow row, bool awaitingScore = false) => AddAsync([(row, awaitingScore)]);

    /// <summary>Journals several rows with one write (the flywheel's intake adds a batch at a time).</summary>
    public Task AddAsync(IReadOnlyList<(FlywheelRow Row, bool AwaitingScore)> rows)
    {
        var json = rows.Select(r => RecordingJsonContext.Utf8(r.Row)).ToList();
        var journaled = Journaled(() =>
        {
            // Journal and stage under one lock: a rotation then sees every row either in the old journal and a
            // file staged before it, or in the new journal.
            CurrentJournal.AppendRows(json);
            for (var i = 0; i < rows.Count; i++)
            {
                var (row, awaiting) = rows[i];
                if (awaiting) _awaiting[row.Key] = new Held(row, Environment.TickCount64);
                else Stage(row, json[i]);
            }
        });
        if (journaled.IsFaulted) Interlocked.Add(ref _rowsLost, rows.Count);
        return journaled;
    }

    /// <summary>Journals the score of a row added earlier (null: scoring failed) and releases it to Parquet.</summary>
    public Task SetScoreAsync(string key, double? score) => Journaled(() =>
    {
        // One lock for both, as in AddAsync: a rotation between them could otherwise leave the row in no journal.
        CurrentJournal.Append(new JournalEntry { Score = new ScoreUpdate(key, score) });
        if (_awaiting.Remove(key, out var held)) Stage(held.Row with { Score = score });
    });

    /// <summary>
    /// Runs a journal write and what goes with it under <see cref="_gate"/>; the write is done when this returns,
    /// and a failed one is a faulted task, as it was when a background writer did it.
    /// </summary>
    private Task Journaled(Action write)
    {
        try
        {
            lock (_gate) write();
            return Task.CompletedTask;
        }
        catch (Exception e) when (IsJournalFailure(e))
        {
            return Task.FromException(e);
        }
    }

    /// <summary>
    /// The failures a journal write reports through its task: the disk (full, gone), or a journal already closed
    /// (the recorder stopped or disposed). Callers that must not fail with the write catch exactly these.
    /// </summary>
    public static bool IsJournalFailure(Exception e) => e is IOException or ObjectDisposedException or InvalidOperationException;

    /// <summary>Moves every complete row to Parquet now; with <paramref name="all"/>, rows awaiting a score too.</summary>
    public Task FlushAsync(bool all = false) => Task.Run(() => Flush(all));

    /// <summary>
    /// <see cref="FlushAsync"/> on the calling thread, start to end: the flush loop's thread is a low-priority
    /// <see cref="BackgroundThread"/>, and DuckDB (one thread) does its work on the thread that calls it.
    /// </summary>
    private void Flush(bool all)
    {
        _flushing.Wait();
        try
        {
            lock (_gate)
            {
                var now = Environment.TickCount64;
                var waitTicks = (long)(_options.ScoreWaitSeconds * 1000);
                foreach (var (key, held) in _awaiting.Where(h => all || now - h.Value.AddedAt > waitTicks).ToList())
                {
                    _awaiting.Remove(key);
                    Stage(held.Row);
                }
                _unwritten.AddRange(_broken);
                _broken.Clear();
                _unwritten.AddRange(_staged.Values);
                _staged.Clear();
                if (CurrentJournal.Length > _options.JournalRotateBytes)
                {
                    // Rows staged so far are in the old journal and go to Parquet below; rows still awaiting a
                    // score move to the new one now.
                    _retired.Add(CurrentJournal);
                    _journal = Journal.Create(Path.Combine(JournalDir, $"{_processTag}-{DateTime.UtcNow.Ticks}.journal"), _options.FsyncEachWrite);
                    _journal.AppendRows(_awaiting.Values.Select(h => RecordingJsonContext.Utf8(h.Row)));
                }
            }
            foreach (var staged in _unwritten.ToList())
            {
                CurrentJournal.Append(new JournalEntry { FlushBegin = new FlushMarker(staged.File, staged.Keys) });
                var written = _sink!.Write(staged);
                CurrentJournal.Append(new JournalEntry { FlushEnd = new FlushMarker(staged.File, null) });
                _unwritten.Remove(staged);
                if (written < staged.Keys.Count)
                {
                    Interlocked.Add(ref _rowsLost, staged.Keys.Count - written);
                    LogTornRows(staged.Keys.Count - written, staged.File);
                }
                Interlocked.Add(ref _rowsWritten, written);
                Interlocked.Add(ref _scoredRowsWritten, staged.Scored);
                LogFlushed(staged.Keys.Count, staged.File);
            }
            foreach (var journal in _retired)
            {
                journal.Dispose();
                File.Delete(journal.Path);
            }
            _retired.Clear();
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>
    /// Adds a complete row to the staged file of its date (under <see cref="_gate"/>); <paramref name="json"/> when
    /// the caller has already serialized it for the journal.
    /// </summary>
    private void Stage(FlywheelRow row, byte[]? json = null)
    {
        var date = ParquetSink.DateOf(row);
        if (_staged.TryGetValue(date, out var staged) && staged.Broken)
        {
            // Rows after a failed write go to a new file: the torn line stays alone at the end of the old one.
            _broken.Add(staged);
            staged = null;
        }
        if (staged is null) _staged[date] = staged = _sink!.Stage(date);
        staged.Append(json ?? RecordingJsonContext.Utf8(row), row);
    }

    private void FlushLoop()
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.05, _options.FlushIntervalSeconds));
        while (!_stopping.Token.WaitHandle.WaitOne(interval))
        {
            try
            {
                if (_options.Fsync == "interval") CurrentJournal.Sync();
                Flush(all: false);
            }
            catch (Exception e)
            {
                LogFlushFailed(e); // the rows stay journaled and staged; the next tick tries again
            }
        }
    }

    /// <summary>Writes to Parquet what the journals of dead processes hold, then deletes those journals.</summary>
    private void Recover()
    {
        var locked = new List<FileStream>();
        try
        {
            foreach (var path in Directory.EnumerateFiles(JournalDir, "*.journal"))
            {
                try
                {
                    // A live gateway holds its journal exclusively; opening it fails, and we leave it alone.
                    locked.Add(new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException)
                {
                }
            }
            if (locked.Count == 0) return;
            var rows = JournalReplay.Unflushed(locked, DataDir);
            _sink!.Write(rows);
            foreach (var stream in locked)
            {
                File.Delete(stream.Name);
                _sink.DeleteScratch(TagOf(stream.Name));
            }
            LogRecovered(rows.Count, locked.Count);
        }
        finally
        {
            foreach (var stream in locked) stream.Dispose();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
        if (_journal is null) return;
        try
        {
            await FlushAsync(all: true);
        }
        catch (Exception e)
        {
            // The disk is full or gone: the journal stays, and the next start recovers its rows into Parquet.
            LogStopFlushFailed(e);
            _journal.Dispose();
            _journal = null;
            return;
        }
        _journal.Dispose();
        File.Delete(_journal.Path); // everything it held is in Parquet
        _journal = null;
    }

    public async ValueTask DisposeAsync()
    {
        // Not stopped: the journals stay for recovery. The flush thread and any flush under way end first, so
        // the Parquet sink is never closed under a DuckDB call. The container may dispose it twice (it is both
        // a singleton and a hosted service).
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _flushing.WaitAsync();
        foreach (var journal in _retired) journal.Dispose();
        _journal?.Dispose();
        lock (_gate) foreach (var staged in _staged.Values.Concat(_unwritten).Concat(_broken)) staged.Dispose();
        _sink?.Dispose();
        _stopping.Dispose();
    }

    private static string ProcessTag()
    {
        var host = new string(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return $"{host}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
    }

    /// <summary>The tag of the process that wrote a journal (<c>{tag}.journal</c> or <c>{tag}-{ticks}.journal</c>).</summary>
    private static string TagOf(string journalPath) => string.Join('-', Path.GetFileNameWithoutExtension(journalPath).Split('-').Take(3));

    private sealed record Held(FlywheelRow Row, long AddedAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote {Rows} rows to {File}")]
    private partial void LogFlushed(int rows, string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "Moving rows to Parquet failed; they stay journaled and will be retried")]
    private partial void LogFlushFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Rows} torn lines (a full disk cut them) while writing {File}; counted as lost rows")]
    private partial void LogTornRows(int rows, string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "The last flush at stop failed; the journal stays and the next start writes its rows to Parquet")]
    private partial void LogStopFlushFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered {Rows} rows from {Journals} journals of stopped processes")]
    private partial void LogRecovered(int rows, int journals);
}
