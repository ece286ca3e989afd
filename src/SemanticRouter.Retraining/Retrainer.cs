using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SemanticRouter.Training;

namespace SemanticRouter.Retraining;

/// <summary>What one retrain attempt did.</summary>
public sealed record RetrainResult(string Status, string Trigger, DateTimeOffset At, string? Version, string Message);

/// <summary>
/// Runs the Train stage inside the gateway: the same job as <c>semrouter train</c>, against the classifier in
/// service, then swaps in the new one at once when it was promoted. Never two at once: a lock in this process,
/// and a lock file in the data directory for gateways that share it.
/// </summary>
public sealed partial class Retrainer(IServingClassifier serving, IOptions<RetrainOptions> retrain, ILogger<Retrainer> logger)
{
    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly ConcurrentQueue<RetrainResult> _history = new();

    /// <summary>The latest attempts in this process, newest last.</summary>
    public IReadOnlyList<RetrainResult> History => [.. _history];

    public async Task<RetrainResult> RunAsync(string trigger, CancellationToken ct)
    {
        if (!await _running.WaitAsync(0, ct)) return Remember(new("busy", trigger, DateTimeOffset.UtcNow, null, "A retrain is already running in this gateway."));
        try
        {
            using var fileLock = TryLock();
            if (fileLock is null) return Remember(new("busy", trigger, DateTimeOffset.UtcNow, null, "Another gateway sharing the data directory is retraining."));
            if (serving.Encoder is not { } encoder) return Remember(new("unavailable", trigger, DateTimeOffset.UtcNow, null, "No encoder is loaded."));
            var options = retrain.Value;
            var train = new TrainOptions
            {
                DataDir = options.DataDir,
                Promote = options.Promote,
                Margin = options.Margin,
                MinRowsPerModel = options.MinRowsPerModel,
                KeepUnpromoted = options.KeepUnpromoted,
                MinHeldOutQuestions = options.MinHeldOutQuestions,
                FeedbackWeight = options.FeedbackWeight,
                Confidence = options.Confidence,
                Policy = serving.Policy,
                Trigger = trigger,
            };
            var outcome = await Task.Run(() => TrainJob.Run(train, encoder, serving.Current, serving.Shipped), ct);
            if (outcome.Promoted) serving.Reload();
            LogOutcome(trigger, outcome.Version, outcome.Promoted, outcome.Reason);
            return Remember(new(outcome.Promoted ? "promoted" : "not-promoted", trigger, DateTimeOffset.UtcNow, outcome.Version, TrainJob.Describe(outcome)));
        }
        catch (NotEnoughDataException e)
        {
            return Remember(new("not-enough-data", trigger, DateTimeOffset.UtcNow, null, e.Message));
        }
        finally
        {
            _running.Release();
        }
    }

    private FileStream? TryLock()
    {
        var path = Path.Combine(Path.GetFullPath(retrain.Value.DataDir), "models", ".retrain.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private RetrainResult Remember(RetrainResult result)
    {
        _history.Enqueue(result);
        while (_history.Count > 50) _history.TryDequeue(out _);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrain ({Trigger}): {Version} promoted={Promoted} ({Reason})")]
    private partial void LogOutcome(string trigger, string version, bool promoted, string reason);
}
