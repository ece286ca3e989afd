using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Evaluation;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Forwarding;
using SemanticRouter.Gateway.Ingress;

namespace SemanticRouter.Gateway.Shadow;

internal static class ShadowServices
{
    public static void AddShadowOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JudgeOptions>().Bind(configuration.GetSection(JudgeOptions.Section))
            .Validate(o => o.Judge is null or "" or "evaluate-api" or "llm" or "none", "Evaluation:Judge must be evaluate-api, llm or none.")
            .Validate(o => o.Judge != "llm" || !string.IsNullOrWhiteSpace(o.JudgeModel), "Evaluation:Judge llm needs Evaluation:JudgeModel (a catalog model).")
            .Validate(o => o.JudgeRate is >= 0 and <= 1, "Evaluation:JudgeRate must be within [0, 1].")
            .Validate(o => o.MaxJudgesPerSecond >= 0, "Evaluation:MaxJudgesPerSecond must be >= 0 (0: no cap).")
            .Validate(o => o.Rubric.Contains("{question}", StringComparison.Ordinal) && o.Rubric.Contains("{answer}", StringComparison.Ordinal),
                "Evaluation:Rubric must contain {question} and {answer}.")
            .Validate(o => o.JudgeMode is "absolute" or "pairwise", "Evaluation:JudgeMode must be absolute or pairwise.")
            .Validate(o => !o.Pairwise || o.Judge == "llm", "Evaluation:JudgeMode pairwise needs Evaluation:Judge llm.")
            .Validate(o => !o.Pairwise || new[] { "{question}", "{answer_a}", "{answer_b}" }.All(p => o.PairwiseRubric.Contains(p, StringComparison.Ordinal)),
                "Evaluation:PairwiseRubric must contain {question}, {answer_a} and {answer_b}.")
            .ValidateOnStart();
        services.AddOptions<ShadowOptions>().Bind(configuration.GetSection(ShadowOptions.Section))
            .Validate(o => o.SampleRate is >= 0 and <= 1, "Shadow:SampleRate must be within [0, 1].")
            .Validate(o => o.ExplicitScoreRate is >= 0 and <= 1, "Shadow:ExplicitScoreRate must be within [0, 1].")
            .Validate(o => o.MaxExplicitScoresPerSecond >= 0, "Shadow:MaxExplicitScoresPerSecond must be >= 0 (0: no cap).")
            .Validate(o => o.FeedbackMinutes > 0 && o.FeedbackCapacity > 0 && o.FeedbackMegabytes is >= 0.01 and <= 2000,
                "Shadow:FeedbackMinutes and Shadow:FeedbackCapacity must be positive, Shadow:FeedbackMegabytes between 0.01 and 2000.")
            .Validate(o => o.QueueCapacity > 0 && o.Workers > 0, "Shadow:QueueCapacity and Shadow:Workers must be positive.")
            .ValidateOnStart();
    }

    /// <summary>Whether the flywheel runs at all (<c>Shadow:Enabled</c>): off, nothing is recorded, scored or shadowed.</summary>
    public static bool Enabled(IConfiguration configuration) =>
        configuration.GetSection(ShadowOptions.Section).GetValue(nameof(ShadowOptions.Enabled), true);

    /// <summary>
    /// Scoring, the shadow queue, the intake (Forward's answer observer) and training mode. Hosted services stop in
    /// reverse order of registration: the intake drains first, then the shadow queue (the recorder, registered
    /// before, flushes last).
    /// </summary>
    public static void AddShadow(this IServiceCollection services)
    {
        services.AddSingleton(sp => new EvaluateClient(
            sp.GetRequiredService<IOptions<JudgeOptions>>().Value.Judge is "none" or "llm" ? null : EvaluateUrl(sp),
            sp.GetRequiredService<ILogger<EvaluateClient>>(), sp.GetRequiredService<GatewayMetrics>()));
        services.AddSingleton<LlmJudge>();
        services.AddSingleton<IAnswerJudge>(sp => sp.GetRequiredService<IOptions<JudgeOptions>>().Value.Judge == "llm"
            ? sp.GetRequiredService<LlmJudge>() : sp.GetRequiredService<EvaluateClient>());
        services.AddSingleton<FeedbackLedger>();
        services.AddSingleton<IFeedbackSink>(sp => sp.GetRequiredService<FeedbackLedger>());
        services.AddSingleton<BaselinePairs>();
        services.AddSingleton<Flywheel>();
        services.AddSingleton(sp => new ShadowQueue(sp.GetRequiredService<IOptions<ShadowOptions>>(),
            sp.GetRequiredService<Flywheel>().HandleAsync, sp.GetRequiredService<ILogger<ShadowQueue>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ShadowQueue>());
        services.AddSingleton<FlywheelIntake>();
        services.AddHostedService(sp => sp.GetRequiredService<FlywheelIntake>());
        services.AddSingleton<IAnswerObserver>(sp => sp.GetRequiredService<FlywheelIntake>());
        services.AddSingleton<TrainingMode>();
    }

    /// <summary><c>Shadow:EvaluateUrl</c> if set (empty turns scoring off), else the upstream's <c>/v1/evaluate</c>.</summary>
    private static Uri? EvaluateUrl(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<ShadowOptions>>().Value.EvaluateUrl;
        if (configured is not null) return configured.Length == 0 ? null : new Uri(configured);
        var upstream = services.GetRequiredService<IOptions<CatalogOptions>>().Value.Upstream;
        return string.IsNullOrWhiteSpace(upstream) ? null : new Uri(CatalogModel.ServiceRoot(upstream), "v1/evaluate");
    }
}
