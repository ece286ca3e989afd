using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using SemanticRouter.Recording;

namespace SemanticRouter.Gateway.Retraining;

/// <summary>Fires the retrain job, besides its schedule, whenever this gateway has recorded enough new scored rows.</summary>
internal sealed class NewRowsTrigger(FlywheelRecorder recorder, ISchedulerFactory schedulers, IOptions<RetrainOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var threshold = options.Value.NewScoredRows;
        if (threshold <= 0) return;
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
