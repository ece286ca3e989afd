using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Observability;

namespace SemanticRouter.Gateway.Shadow;

/// <summary>
/// The bounded queue and fixed pool of workers for background work. When the queue is full new work is
/// dropped and counted, so a slow baseline or evaluator can never hold up a client. On a graceful stop the
/// workers finish what is queued, within <see cref="ShadowOptions.DrainSeconds"/>.
/// </summary>
internal sealed partial class ShadowQueue(IOptions<ShadowOptions> options, Func<ShadowWork, CancellationToken, Task> handler,
    ILogger<ShadowQueue> logger) : IHostedService
{
    private readonly Channel<ShadowWork> _channel = Channel.CreateBounded<ShadowWork>(
        new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity)) { FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _abort = new();
    private Task[] _workers = [];
    private readonly LogThrottle _dropLog = new(TimeSpan.FromSeconds(10));
    private long _dropped;

    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Queues work; false (and counted) when the queue is full.</summary>
    public bool TryEnqueue(ShadowWork work)
    {
        // TryWrite never waits: on a full queue it returns false at once.
        if (_channel.Writer.TryWrite(work)) return true;
        var total = Interlocked.Increment(ref _dropped);
        if (_dropLog.Pass()) LogDropped(work.GetType().Name, total);
        return false;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _workers = Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => Task.Run(WorkAsync)).ToArray();
        return Task.CompletedTask;
    }

    private async Task WorkAsync()
    {
        await foreach (var work in _channel.Reader.ReadAllAsync())
        {
            try
            {
                await handler(work, _abort.Token);
            }
            catch (Exception e) when (!_abort.IsCancellationRequested)
            {
                LogFailed(e, work.GetType().Name);
            }
            catch (OperationCanceledException)
            {
                // the drain time ran out
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        var drained = Task.WhenAll(_workers);
        if (await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(options.Value.DrainSeconds), CancellationToken.None)) != drained)
        {
            LogDrainTimedOut(_channel.Reader.Count);
            await _abort.CancelAsync();
            await drained;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shadow queue full: dropped {Work}; {Total} dropped since start (logged at most every 10 s; semantic_router_shadow_dropped_total counts every one)")]
    private partial void LogDropped(string work, long total);

    [LoggerMessage(Level = LogLevel.Error, Message = "Background {Work} failed")]
    private partial void LogFailed(Exception e, string work);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: background work did not finish in time; {Left} items left")]
    private partial void LogDrainTimedOut(int left);
}
