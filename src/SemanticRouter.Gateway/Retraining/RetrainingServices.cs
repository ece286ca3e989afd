using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace SemanticRouter.Gateway.Retraining;

/// <summary>Registers the scheduled retrain: Quartz (in memory, or clustered on PostgreSQL), the job, its triggers.</summary>
internal static class RetrainingServices
{
    public static void AddRetraining(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RetrainOptions.Section);
        services.AddOptions<RetrainOptions>().Bind(section)
            .Validate(o => CronExpression.TryParse(o.Cron, out _), "Retrain:Cron is not a valid Quartz cron expression.")
            .Validate(o => o.Promote is "auto" or "always" or "never", "Retrain:Promote must be auto, always or never.")
            .ValidateOnStart();
        services.AddSingleton<Retrainer>();
        var options = section.Get<RetrainOptions>() ?? new RetrainOptions();
        if (!options.Enabled) return;

        services.AddQuartz(q =>
        {
            // Each gateway is one node of the cluster named by InstanceName; Quartz makes its id unique (host name + time).
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = options.SchedulerName;
                s.GenerateInstanceId = true;
            });
            if (options.PostgresConnectionString is { Length: > 0 } connectionString)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(connectionString);
                    store.ProvisionSchema(); // create Quartz's tables when they are missing
                    store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(5));
                    store.UseSystemTextJsonSerializer(_ => { });
                });
            }
            q.AddJob<RetrainJob>(job => job.WithIdentity(RetrainJob.Key).StoreDurably());
            q.AddTrigger(trigger => trigger.ForJob(RetrainJob.Key).WithIdentity("retrain-cron", RetrainJob.Key.Group)
                .WithCronSchedule(options.Cron, cron => cron.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<NewRowsTrigger>();
    }
}
