using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SemanticRouter.Gateway.Health;

internal static class HealthServices
{
    /// <summary>One circuit breaker per model: Forward goes through it, Route leaves out the models it refuses.</summary>
    public static void AddHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.Section))
            .Validate(o => o.BreakerFailureRatio is > 0 and <= 1, "Resilience:BreakerFailureRatio must be within (0, 1].")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<UpstreamHealth>();
    }
}
