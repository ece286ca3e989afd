using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SemanticRouter.Gateway.Forwarding;

internal static class ForwardingServices
{
    /// <summary>The pooled upstream connections, the forwarder that uses them, and the stage.</summary>
    public static void AddForwarding(this IServiceCollection services, IConfiguration configuration)
    {
        var gateway = configuration.GetSection("Gateway");
        services.AddOptions<ForwardingOptions>().Bind(configuration.GetSection(ForwardingOptions.Section))
            .Configure(o => o.MaxCapturedAnswerBytes = gateway.GetValue(nameof(ForwardingOptions.MaxCapturedAnswerBytes), o.MaxCapturedAnswerBytes))
            .Validate(o => o.Retries >= 0 && o.MaxFallbacks >= 0 && o.RetryDelayMs >= 0, "Resilience: counts and delays must be >= 0.")
            .Validate(o => o.MaxCapturedAnswerBytes >= 0, "Gateway:MaxCapturedAnswerBytes must be >= 0.")
            .ValidateOnStart();
        services.AddSingleton<UpstreamClients>();
        services.AddSingleton<Forwarder>();
        services.AddSingleton<ConcurrencyCaps>();
        services.AddSingleton<ForwardStage>();
        services.AddSingleton<Embeddings>();
    }
}
