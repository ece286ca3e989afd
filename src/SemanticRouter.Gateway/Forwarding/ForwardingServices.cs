using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SemanticRouter.Gateway.Forwarding;

internal static class ForwardingServices
{
    /// <summary>YARP's forwarder, the pooled upstream connections, our forwarder around them, and the stage.</summary>
    public static void AddForwarding(this IServiceCollection services, IConfiguration configuration)
    {
        var gateway = configuration.GetSection("Gateway");
        services.AddOptions<ForwardingOptions>().Bind(configuration.GetSection(ForwardingOptions.Section))
            .Configure(o => o.MaxCapturedAnswerBytes = gateway.GetValue(nameof(ForwardingOptions.MaxCapturedAnswerBytes), o.MaxCapturedAnswerBytes))
            .Validate(o => o.Retries >= 0 && o.MaxFallbacks >= 0 && o.RetryDelayMs >= 0, "Resilience: counts and delays must be >= 0.")
            .Validate(o => o.MaxCapturedAnswerBytes >= 0, "Gateway:MaxCapturedAnswerBytes must be >= 0.")
            .ValidateOnStart();
        services.AddHttpForwarder();
        // YARP logs every forwarded request at Information and every failed attempt at Warning; Forward counts and
        // records those itself (semantic_router_upstream_errors_total, the flywheel's rows). Logging:LogLevel:Yarp overrides.
        if (configuration["Logging:LogLevel:Yarp"] is null) services.AddLogging(logging => logging.AddFilter("Yarp", LogLevel.Error));
        services.AddSingleton<UpstreamClients>();
        services.AddSingleton<Forwarder>();
        services.AddSingleton<ConcurrencyCaps>();
        services.AddSingleton<ForwardStage>();
        services.AddSingleton<Embeddings>();
    }
}
