using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using SemanticRouter.Recording;

namespace SemanticRouter.Gateway.Retraining;

/// <summary>
/// Fires the retrain job, besides its schedule, whenever this gateway has recorded enough new scored rows
/// (nothing to count when recording is off: <c>Shadow:Enabled</c> false).
/// </summary>
internal sealed class NewRowsTrigger(IServiceProvider services, ISchedulerFactory schedulers, IOptions<RetrainOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var threshold = options.Value.NewScoredRows;
        if (threshold <= 0 || services.GetService<FlywheelRecorder>() is not { } recorder) return;
        var seen = recorder.ScoredRowsWritten;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (recorder.ScoredRowsWritten - seen < threshold) continue;
            seen = recorder.ScoredRowsWritten;
            var scheduler = await schedulers.GetScheduler(stoppingToken);
            await scheduler.TriggerJob(RetrainJob.Key, null, stoppingToken);
        }
    }
}
