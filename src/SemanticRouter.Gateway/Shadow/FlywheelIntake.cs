using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Forwarding;
using SemanticRouter.Gateway.Pipeline;

namespace SemanticRouter.Gateway.Shadow;

/// <summary>
/// Where answered exchanges wait for the flywheel (it is Forward's <see cref="IAnswerObserver"/>): a bounded channel
/// drained by one background loop that reads each answer's usage, journals its row and queues its scoring, in
/// batches. The request's handler only posts here, so it returns as soon as the client has its answer: HTTP/1.1
/// serves a connection's next request only after the handler of the previous one has returned. When the channel is full the handler waits (nothing is
/// dropped: recorded data is never lost to load). The loop outlives a batch that fails: were it to end, the
/// channel would fill and every request handler would wait on it. A graceful stop drains it before the shadow
/// queue and the recorder stop.
/// </summary>
internal sealed partial class FlywheelIntake(Flywheel flywheel, ShadowQueue queue, ILogger<FlywheelIntake> logger, FeedbackLedger? feedback = null) : IHostedService, IAnswerObserver
{
    private const int Capacity = 8192;

    private readonly Channel<Exchange> _channel = Channel.CreateBounded<Exchange>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private Task _loop = Task.CompletedTask;

    /// <summary>Hands an answered exchange to the flywheel; completes at once unless the intake is full.</summary>
    public ValueTask OnAnsweredAsync(Exchange exchange)
    {
        feedback?.Remember(exchange); // before the response ends: a client may rate the answer as soon as it has it
        return _channel.Writer.TryWrite(exchange) ? ValueTask.CompletedTask : _channel.Writer.WriteAsync(exchange);
    }

    /// <summary>A failed attempt is journaled at once, on the request's time (failures are rare).</summary>
    public Task OnFailedAsync(Exchange exchange, CatalogModel model, int status, string error) => flywheel.OnFailedAsync(exchange, model, status, error);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(DrainAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        await _loop;
    }

    private async Task DrainAsync()
    {
        var batch = new List<Exchange>();
        while (await _channel.Reader.WaitToReadAsync())
        {
            // Everything waiting goes at once: the journal commits the batch's rows with one write.
            while (batch.Count < 512 && _channel.Reader.TryRead(out var exchange)) batch.Add(exchange);
            try
            {
                await flywheel.OnAnsweredAsync(batch, queue);
            }
            catch (Exception e)
            {
                // The flywheel handles the failures it expects (a journal that refuses a write); this is a bug.
                LogBatchFailed(e, batch.Count);
            }
            batch.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The flywheel failed on a batch of {Count} answers; the intake goes on")]
    private partial void LogBatchFailed(Exception e, int count);
}
