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
/// recording is off: <c>Shadow:Enabled</c> false).
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
        if (threshold <= 0 || services.GetService<FlywheelRecorder>() is not { } recorder) return;
        var seen = recorder.ScoredRowsWritten;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (recorder.ScoredRowsWritten - seen < threshold) continue;
            seen = recorder.ScoredRowsWritten;
            var trigger = $"new-rows@{DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)}";
            jobs.Enqueue<RetrainJob>(job => job.RunAsync(trigger, null, CancellationToken.None));
        }
    }
}
