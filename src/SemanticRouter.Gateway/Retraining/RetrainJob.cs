using System.Globalization;
using Quartz;

namespace SemanticRouter.Gateway.Retraining;

/// <summary>The Quartz job that retrains. Quartz never runs two of it at once (and, clustered, runs each firing on one node).</summary>
[DisallowConcurrentExecution]
public sealed class RetrainJob(Retrainer retrainer) : IJob
{
    public static readonly JobKey Key = new("retrain", "semantic-router");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // The scheduled fire time names the firing the same way on every node of a cluster.
        var trigger = $"{context.Trigger.Key.Name}@{context.ScheduledFireTimeUtc?.ToString("O", CultureInfo.InvariantCulture) ?? "now"}";
        await retrainer.RunAsync(trigger, cancellationToken);
    }
}
