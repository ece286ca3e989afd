using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SemanticRouter.Recording;

/// <summary>
/// The Record stage. A row is journaled before <see cref="AddAsync"/> returns, kept in memory until it is
/// complete (scored, or no score is coming), and moved to Parquet in batches every few seconds. A graceful stop
/// flushes everything; after a crash, the next start (of any gateway sharing the data directory) recovers the
/// dead process's journal into Parquet.
/// </summary>
public sealed partial class FlywheelRecorder(IOptions<RecordingOptions> options, ILogger<FlywheelRecorder> logger)
    : IHostedService, IAsyncDisposable
{

    private readonly RecordingOptions _options = options.Value;
    private readonly string _processTag = ProcessTag();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Held> _rows = [];
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Journal? _journal;
    private ParquetSink? _sink;
    private Task _loop = Task.CompletedTask;

    private string DataDir => Path.GetFullPath(_options.DataDir);
    private string JournalDir => Path.Combine(DataDir, "journal");
    private Journal CurrentJournal => _journal ?? throw new InvalidOperationException("The recorder has not started.");

    private long _scoredRowsWritten;
    private long _rowsWritten;

    /// <summary>Rows with a score (≥ 0) this process has written to Parquet since it started.</summary>
    public long ScoredRowsWritten => Interlocked.Read(ref _scoredRowsWritten);

    /// <summary>Rows this process has written to Parquet (the gateway's metrics read it).</summary>
    public long RowsWritten => Interlocked.Read(ref _rowsWritten);

    /// <summary>Rows in memory, not yet in Parquet.</summary>
    public int HeldRows { get { lock (_gate) return _rows.Count; } }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(JournalDir);
        _sink = new ParquetSink(DataDir, _processTag);
        Recover();
        _journal = Journal.Create(Path.Combine(JournalDir, $"{_processTag}.journal"), _options.FsyncJournal);
        _loop = Task.Run(FlushLoopAsync, CancellationToken.None);
        await Task.CompletedTask;
    }

    /// <summary>Journals a row. With <paramref name="awaitingScore"/>, it stays out of Parquet until scored (or the wait runs out).</summary>
    public Task AddAsync(FlywheelRow row, bool awaitingScore = false)
    {
        lock (_gate) _rows[row.Key] = new Held(row, awaitingScore, Environment.TickCount64);
        return CurrentJournal.AppendAsync(new JournalEntry { Row = row });
    }

    /// <summary>Journals the score of a row added earlier (null: scoring failed) and releases it to Parquet.</summary>
    public Task SetScoreAsync(string key, double? score)
    {
        lock (_gate)
        {
            if (_rows.TryGetValue(key, out var held))
                _rows[key] = held with { Row = held.Row with { Score = score }, AwaitingScore = false };
        }
        return CurrentJournal.AppendAsync(new JournalEntry { Score = new ScoreUpdate(key, score) });
    }

    /// <summary>Moves every complete row to Parquet now; with <paramref name="all"/>, rows awaiting a score too.</summary>
    public async Task FlushAsync(bool all = false)
    {
        await _flushing.WaitAsync();
        try
        {
            var waitTicks = (long)(_options.ScoreWaitSeconds * 1000);
            List<FlywheelRow> ready;
            lock (_gate)
            {
                var now = Environment.TickCount64;
                ready = _rows.Values.Where(h => all || !h.AwaitingScore || now - h.AddedAt > waitTicks).Select(h => h.Row).ToList();
            }
            foreach (var (file, rows) in _sink!.Plan(ready))
            {
                var keys = rows.Select(r => r.Key).ToList();
                await CurrentJournal.AppendAsync(new JournalEntry { FlushBegin = new FlushMarker(file, keys) });
                _sink.Write(file, rows);
                await CurrentJournal.AppendAsync(new JournalEntry { FlushEnd = new FlushMarker(file, null) });
                lock (_gate) foreach (var key in keys) _rows.Remove(key);
                Interlocked.Add(ref _rowsWritten, rows.Count);
                Interlocked.Add(ref _scoredRowsWritten, rows.Count(r => r.Score >= 0));
                LogFlushed(rows.Count, file);
            }
            if (CurrentJournal.Length > _options.JournalRotateBytes) await RotateAsync();
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task FlushLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.05, _options.FlushIntervalSeconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await FlushAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFlushFailed(e); // the rows stay journaled and held; the next tick tries again
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>Starts a new journal holding only what is not yet in Parquet, then deletes the old one.</summary>
    private async Task RotateAsync()
    {
        var old = CurrentJournal;
        _journal = Journal.Create(Path.Combine(JournalDir, $"{_processTag}-{DateTime.UtcNow.Ticks}.journal"), _options.FsyncJournal);
        await old.DisposeAsync(); // every append that picked the old journal is written before we take the snapshot
        List<FlywheelRow> carried;
        lock (_gate) carried = _rows.Values.Select(h => h.Row).ToList();
        await Task.WhenAll(carried.Select(row => _journal.AppendAsync(new JournalEntry { Row = row })));
        File.Delete(old.Path);
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
            foreach (var (file, batch) in _sink!.Plan(rows)) _sink.Write(file, batch);
            foreach (var stream in locked) File.Delete(stream.Name);
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
        await FlushAsync(all: true);
        await _journal.DisposeAsync();
        File.Delete(_journal.Path); // everything it held is in Parquet
        _journal = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_journal is not null) await _journal.DisposeAsync(); // not stopped: the journal stays for recovery
        _sink?.Dispose();
        _stopping.Dispose();
    }

    private static string ProcessTag()
    {
        var host = new string(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return $"{host}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
    }

    private sealed record Held(FlywheelRow Row, bool AwaitingScore, long AddedAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote {Rows} rows to {File}")]
    private partial void LogFlushed(int rows, string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "Moving rows to Parquet failed; they stay journaled and will be retried")]
    private partial void LogFlushFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered {Rows} rows from {Journals} journals of stopped processes")]
    private partial void LogRecovered(int rows, int journals);
}
