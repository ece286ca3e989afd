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
/// batches: whatever waits goes with one journal write (a group commit). The request waits for its batch's write,
/// not for the scoring: the answer's last byte goes out once its row is in the journal. When the channel is full the
/// handler waits (nothing is dropped: recorded data is never lost to load). The loop outlives a batch that fails: were it to end, the
/// channel would fill and every request handler would wait on it. A graceful stop drains it before the shadow
/// queue and the recorder stop.
/// </summary>
internal sealed partial class FlywheelIntake(Flywheel flywheel, ShadowQueue queue, ILogger<FlywheelIntake> logger, FeedbackLedger? feedback = null) : IHostedService, IAnswerObserver
{
    private const int Capacity = 8192;

    private readonly Channel<Answered> _channel = Channel.CreateBounded<Answered>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private Task _loop = Task.CompletedTask;

    /// <summary>Hands an answered exchange to the flywheel; completes once its row is journaled (or refused).</summary>
    public async ValueTask OnAnsweredAsync(Exchange exchange)
    {
        feedback?.Remember(exchange); // before the response ends: a client may rate the answer as soon as it has it
        // The request's continuation must not run on the intake's loop, which would then journal nothing until it returned.
        var journaled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answered = new Answered(exchange, journaled);
        if (!_channel.Writer.TryWrite(answered)) await _channel.Writer.WriteAsync(answered);
        await journaled.Task;
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
        var batch = new List<Answered>();
        var exchanges = new List<Exchange>();
        while (await _channel.Reader.WaitToReadAsync())
        {
            // Everything waiting goes at once: the journal commits the batch's rows with one write.
            while (batch.Count < 512 && _channel.Reader.TryRead(out var answered))
            {
                batch.Add(answered);
                exchanges.Add(answered.Exchange);
            }
            try
            {
                await flywheel.OnAnsweredAsync(exchanges, queue);
            }
            catch (Exception e)
            {
                // The flywheel handles the failures it expects (a journal that refuses a write); this is a bug.
                LogBatchFailed(e, batch.Count);
            }
            foreach (var answered in batch) answered.Journaled.SetResult();
            batch.Clear();
            exchanges.Clear();
        }
    }

    private readonly record struct Answered(Exchange Exchange, TaskCompletionSource Journaled);

    [LoggerMessage(Level = LogLevel.Error, Message = "The flywheel failed on a batch of {Count} answers; the intake goes on")]
    private partial void LogBatchFailed(Exception e, int count);
}
