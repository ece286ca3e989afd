using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SemanticRouter.Recording;

namespace SemanticRouter.Retraining;

/// <summary>
/// Registers the scheduled retrain on Hangfire (jobs in memory, or shared through PostgreSQL), its triggers, and the
/// dashboard of its jobs. The storage, the job activator and the server are this gateway's own services, not
/// Hangfire's process-wide defaults, so two gateways in one process (tests) never share jobs.
/// </summary>
public static class RetrainingServices
{
    public static void AddRetraining(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RetrainOptions.Section);
        services.AddOptions<RetrainOptions>().Bind(section)
            .Validate(o => o.Promote is "auto" or "always" or "never", "Retrain:Promote must be auto, always or never.")
            .Validate(o => o.KeepUnpromoted >= 1, "Retrain:KeepUnpromoted must be at least 1.")
            .Validate(o => o.FeedbackWeight >= 0, "Retrain:FeedbackWeight must be >= 0.")
            .Validate(o => o.MinHeldOutQuestions >= 1, "Retrain:MinHeldOutQuestions must be at least 1.")
            .Validate(o => o.Confidence is >= 0 and < 1, "Retrain:Confidence must be at least 0 and below 1.")
            .Validate(o => o.DriftRecent >= 1 && o.DriftHistory >= o.DriftRecent, "Retrain:DriftRecent must be at least 1 and Retrain:DriftHistory at least as large.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetrainOptions>, CronValidation>();
        services.AddSingleton<Retrainer>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<RetrainOptions>>().Value;
            return new ScoreDrift(o.DriftRecent, o.DriftHistory, o.DriftDrop);
        });
        var options = section.Get<RetrainOptions>() ?? new RetrainOptions();
        if (!options.Enabled) return;

        services.AddSingleton(sp => CronSchedule.Parse(sp.GetRequiredService<IOptions<RetrainOptions>>().Value.Cron, DateTime.UtcNow));
        services.AddSingleton<JobStorage>(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>(); // the storage's loggers come from this gateway's log provider
            return options.PostgresConnectionString is { Length: > 0 } connectionString
                ? PostgreSql(connectionString)
                : new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromDays(1) }); // a day of history, as in PostgreSQL
        });
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, hangfire) => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer() // gateways of different builds sharing a database read each other's jobs
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        services.AddHangfireServer((sp, server) =>
        {
            server.WorkerCount = 1; // one retrain at a time per gateway; more workers would only poll
            server.SchedulePollingInterval = sp.GetRequiredService<CronSchedule>().PollingInterval(DateTime.UtcNow);
            server.ShutdownTimeout = sp.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout; // a running retrain may finish
        });
        services.AddHostedService<RetrainTriggers>();
    }

    /// <summary>
    /// Hangfire's dashboard at <paramref name="path"/> when the scheduled retrain is on. It has no authorization of its own:
    /// the gateway guards everything under its admin prefix in one place (its admin key).
    /// </summary>
    internal static void MapRetrainJobs(this IEndpointRouteBuilder app, string path)
    {
        if (app.ServiceProvider.GetService<JobStorage>() is null) return;
        app.MapHangfireDashboardWithNoAuthorizationFilters(path, new DashboardOptions
        {
            DashboardTitle = "SemanticRouter retrains",
            AppPath = "/dashboard",
            DisplayStorageConnectionString = false,
        });
    }

    /// <summary>
    /// Jobs in PostgreSQL (tables created in schema <c>hangfire</c> when missing). A gateway that cannot reach the database
    /// does not start, after two retries (two gateways starting at once may race to create the tables).
    /// </summary>
    private static PostgreSqlStorage PostgreSql(string connectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            EnableLongPolling = true, // a worker hears of a new job at once (LISTEN/NOTIFY) instead of polling every 15 s
            UseSlidingInvisibilityTimeout = true, // a long retrain stays this server's; a dead server's job is freed
            StartupConnectionMaxRetries = 2,
            AllowDegradedModeWithoutStorage = false,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>Refuses a <c>Retrain:Cron</c> that does not parse, saying why.</summary>
    private sealed class CronValidation : IValidateOptions<RetrainOptions>
    {
        public ValidateOptionsResult Validate(string? name, RetrainOptions options)
        {
            try
            {
                CronSchedule.Parse(options.Cron, DateTime.UtcNow);
                return ValidateOptionsResult.Success;
            }
            catch (FormatException e)
            {
                return ValidateOptionsResult.Fail($"Retrain:Cron \"{options.Cron}\" is not a valid cron expression: {e.Message.TrimEnd('.')}.");
            }
        }
    }
}
