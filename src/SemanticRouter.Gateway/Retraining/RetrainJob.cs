using System.ComponentModel;
using System.Globalization;
using Hangfire;
using Hangfire.Server;

namespace SemanticRouter.Gateway.Retraining;

/// <summary>
/// The Hangfire job that retrains, fired by the <c>Retrain:Cron</c> schedule and by <see cref="RetrainTriggers"/>.
/// Hangfire creates one job per firing (clustered, under its storage's lock) and one server fetches it; the
/// <see cref="Retrainer"/>'s locks keep two retrains from overlapping, and a firing that finds one running reports busy.
/// </summary>
public sealed class RetrainJob(Retrainer retrainer, CronSchedule schedule)
{
    public const string RecurringId = "retrain-cron";

    /// <summary>
    /// Retrains and returns the outcome as the dashboard shows it. A recurring firing's trigger is named by its
    /// scheduled time, the same on every node of a cluster. A failed retrain is not retried: the next firing is the retry.
    /// </summary>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("retrain ({0})")]
    public async Task<string> RunAsync(string trigger, PerformContext? context, CancellationToken cancellationToken)
    {
        if (context?.GetJobParameter<long?>("Time") is { } time)
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(time);
            trigger = $"{trigger}@{at.ToString("O", CultureInfo.InvariantCulture)}";
            if (!schedule.FiresIn(at.Year)) return $"skipped {trigger}: Retrain:Cron allows no firing in {at.Year}";
        }
        var result = await retrainer.RunAsync(trigger, cancellationToken);
        return $"{result.Status} {result.Version} {result.Trigger}: {result.Message}";
    }
}
