using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;

namespace SemanticRouter.Recording;

/// <summary>
/// An append-only file of <see cref="JournalEntry"/> lines. Appends are group-committed: one writer drains
/// every entry queued so far, writes them in one go, flushes, then completes all their tasks, so an awaited
/// append is on disk (in the OS) before the caller goes on. The file is held with an exclusive lock while open,
/// which is how another process tells a live journal from one left by a process that died.
/// </summary>
internal sealed class Journal : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly bool _flushToDisk;
    private readonly Channel<(JournalEntry Entry, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(JournalEntry, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    private Journal(string path, bool flushToDisk)
    {
        Path = path;
        _flushToDisk = flushToDisk;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.None);
        _writer = Task.Run(WriteLoopAsync);
    }

    public string Path { get; }

    public long Length => _file.Length;

    public static Journal Create(string path, bool flushToDisk) => new(path, flushToDisk);

    public Task AppendAsync(JournalEntry entry)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((entry, done)))
            done.SetException(new ObjectDisposedException(nameof(Journal), "The journal is closed."));
        return done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var batch = new List<TaskCompletionSource>();
        await using var json = new Utf8JsonWriter(buffer);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (_queue.Reader.TryRead(out var item))
            {
                json.Reset(buffer);
                JsonSerializer.Serialize(json, item.Entry, RecordingJsonContext.Relaxed.JournalEntry);
                json.Flush();
                buffer.Write("\n"u8);
                batch.Add(item.Done);
                if (buffer.WrittenCount > 1 << 20) break;
            }
            try
            {
                await _file.WriteAsync(buffer.WrittenMemory);
                _file.Flush(_flushToDisk);
                foreach (var done in batch) done.SetResult();
            }
            catch (Exception e)
            {
                foreach (var done in batch) done.SetException(e);
            }
            batch.Clear();
            buffer.Clear();
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

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        await _file.DisposeAsync();
    }
}
