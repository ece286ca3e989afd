using System.ComponentModel;
using System.Globalization;
using Hangfire;
using Hangfire.Server;

namespace SemanticRouter.Retraining;

/// <summary>
/// The Hangfire job that retrains, fired by the <c>Retrain:Cron</c> schedule and by <see cref="RetrainTriggers"/>.
/// Hangfire creates one job per firing (clustered, under its storage's lock) and one server fetches it; the
/// <see cref="Retrainer"/>'s locks keep two retrains from overlapping, and a firing that finds one running reports busy.
/// </summary>
public sealed class RetrainJob(Retrainer retrainer, CronSchedule schedule)
{
    public const string RecurringId = "retrain-cron";

    /// <summary>
    /// A firing that starts this late waited behind a long retrain (one worker per gateway): it is skipped rather than
    /// run back to back with the others that queued meanwhile, as Quartz skipped a firing a minute late.
    /// </summary>
    internal static readonly TimeSpan MissedAfter = TimeSpan.FromMinutes(1);

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
            if (WhySkip(at, DateTimeOffset.UtcNow, schedule) is { } reason) return $"skipped {trigger}: {reason}";
        }
        var result = await retrainer.RunAsync(trigger, cancellationToken);
        return $"{result.Status} {result.Version} {result.Trigger}: {result.Message}";
    }

    /// <summary>Why the firing scheduled at <paramref name="at"/> does not retrain when it starts at <paramref name="now"/>, or null.</summary>
    internal static string? WhySkip(DateTimeOffset at, DateTimeOffset now, CronSchedule schedule) =>
        !schedule.FiresIn(at.Year) ? $"Retrain:Cron allows no firing in {at.Year}"
        : now - at > MissedAfter ? $"it started {(now - at).TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s late, behind another retrain; the next firing retrains"
        : null;
}
