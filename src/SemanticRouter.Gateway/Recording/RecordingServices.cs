using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SemanticRouter.Gateway.Shadow;
using SemanticRouter.Recording;

namespace SemanticRouter.Gateway.Recording;

internal static class RecordingServices
{
    /// <summary>
    /// The flywheel's recorder (a hosted service: it recovers the journal at start and flushes at stop) and the rows
    /// it is given for the answers the flywheel keeps.
    /// </summary>
    public static void AddRecording(this IServiceCollection services, IConfiguration configuration, string dataDir)
    {
        services.AddOptions<RecordingOptions>().Bind(configuration.GetSection(RecordingOptions.Section))
            .Configure(o => o.DataDir = dataDir)
            .Validate(o => o.FlushIntervalSeconds >= 0 && o.ScoreWaitSeconds >= 0, "Recording:FlushIntervalSeconds and Recording:ScoreWaitSeconds must be >= 0.")
            .Validate(o => o.JournalRotateBytes > 0, "Recording:JournalRotateBytes must be positive.")
            .Validate(o => RecordingOptions.FsyncPolicies.Contains(o.Fsync), "Recording:Fsync must be never, interval or always.")
            .ValidateOnStart();
        services.AddSingleton<FlywheelRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<FlywheelRecorder>());
        services.AddSingleton<IAnswerRecorder, AnswerRecorder>();
        services.AddSingleton<IScoreWatch, DriftWatch>(); // ScoreDrift comes with retraining, which every gateway registers
    }
}
