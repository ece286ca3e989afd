using System.Globalization;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SemanticRouter.Recording;

namespace SemanticRouter.Retraining;

/// <summary>
/// What fires the retrain job: the recurring job on <c>Retrain:Cron</c> (added, or updated when the expression
/// changed, at start), and, besides it, enough new scored rows recorded by this gateway (nothing to count when
/// recording is off: <c>Shadow:Enabled</c> false), and a model's drift alarm (<see cref="ScoreDrift"/>).
/// </summary>
internal sealed class RetrainTriggers(IServiceProvider services, IRecurringJobManager recurring, IBackgroundJobClient jobs,
    CronSchedule schedule, IOptions<RetrainOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // with PostgreSQL this writes to the database: not on the host's start path
        recurring.AddOrUpdate<RetrainJob>(RetrainJob.RecurringId, job => job.RunAsync(RetrainJob.RecurringId, null, CancellationToken.None),
            schedule.Hangfire, new RecurringJobOptions { MisfireHandling = MisfireHandlingMode.Ignorable });

        var threshold = options.Value.NewScoredRows;
        var recorder = threshold > 0 ? services.GetService<FlywheelRecorder>() : null;
        var drift = services.GetService<ScoreDrift>() is { Enabled: true } watched ? watched : null;
        if (recorder is null && drift is null) return;
        var (seenRows, seenAlarms) = (recorder?.ScoredRowsWritten ?? 0, drift?.AlarmsRaised ?? 0);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            if (drift is not null && drift.AlarmsRaised != seenAlarms)
            {
                seenAlarms = drift.AlarmsRaised;
                Enqueue($"drift:{drift.LastAlarmed}@{now}");
            }
            if (recorder is null || recorder.ScoredRowsWritten - seenRows < threshold) continue;
            seenRows = recorder.ScoredRowsWritten;
            Enqueue($"new-rows@{now}");
        }
    }

    private void Enqueue(string trigger) => jobs.Enqueue<RetrainJob>(job => job.RunAsync(trigger, null, CancellationToken.None));
}
