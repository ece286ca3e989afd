using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SemanticRouter.Gateway.Registry;

namespace SemanticRouter.Gateway.Routing;

internal static class RoutingServices
{
    /// <summary>The classifier registry (a hosted service: it loads the encoder at start), the router over it, and the stage.</summary>
    public static void AddRouting(this IServiceCollection services, IConfiguration configuration, string dataDir)
    {
        var gateway = configuration.GetSection("Gateway");
        services.AddOptions<RoutingOptions>().Bind(configuration.GetSection(RoutingOptions.Section))
            .Configure(o =>
            {
                o.DefaultModel = gateway[nameof(RoutingOptions.DefaultModel)] ?? o.DefaultModel;
                o.DataDir = dataDir;
            })
            .Validate(o => o.LatencyWeight >= 0 && o.CostWeight >= 0, "Routing:LatencyWeight and Routing:CostWeight must be >= 0.")
            .Validate(o => o.EncoderThreads >= 0, "Routing:EncoderThreads must be >= 0 (0: ONNX Runtime's default).")
            .Validate(o => o.MinRoutableTokens >= 0, "Routing:MinRoutableTokens must be >= 0 (0: every message is ranked by utility).")
            .Validate(o => o.SessionSwitchMargin >= 0 && o.SessionMinutes > 0 && o.MaxSessions >= 0,
                "Routing:SessionSwitchMargin and Routing:MaxSessions must be >= 0, Routing:SessionMinutes > 0.")
            .Validate(o => o.RollbackAnswers >= 0 && o.RollbackDrop >= 0, "Routing:RollbackAnswers and Routing:RollbackDrop must be >= 0.")
            .ValidateOnStart();
        services.AddRoutingCore();
        services.AddSingleton<DefaultModelRouter>();
        services.AddSingleton<ClassifierRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<ClassifierRegistry>());
        services.AddSingleton<ChampionWatch>();
        services.AddSingleton<IModelRouter, SemanticModelRouter>();
        services.AddSingleton<SessionPins>();
        services.AddSingleton<RouteStage>();
    }
}
