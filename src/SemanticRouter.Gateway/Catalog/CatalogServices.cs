using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SemanticRouter.Gateway.Catalog;

internal static class CatalogServices
{
    /// <summary>The models in service, filled before the gateway accepts requests and refreshed after.</summary>
    public static void AddCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection(CatalogOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Upstream) || o.Models.Count > 0, "Configure Gateway:Upstream or list Gateway:Models.")
            .Validate(o => o.Models.All(m => Providers.Names.Contains(m.Provider)), "Gateway:Models[i].Provider must be openai, azure or anthropic.")
            .Validate(o => o.MaxConcurrentRequests >= 0 && o.MaxQueuedRequests >= 0
                && o.Models.All(m => m.MaxConcurrentRequests is null or >= 0 && m.MaxQueuedRequests is null or >= 0),
                "Gateway: MaxConcurrentRequests and MaxQueuedRequests must be >= 0.")
            .Validate(o => UpstreamHttp.Parse(o.HttpVersion) is not null && o.Models.All(m => m.HttpVersion is null || UpstreamHttp.Parse(m.HttpVersion) is not null),
                "Gateway:HttpVersion and Gateway:Models[i].HttpVersion must be 1.0, 1.1, 2 or 3.")
            .ValidateOnStart();
        services.AddSingleton<ModelCatalog>();
        services.AddHostedService<CatalogRefresher>();
    }

    /// <summary>True when the configuration names an upstream or lists models; otherwise there is nothing to serve.</summary>
    public static bool HasUpstream(IConfiguration configuration)
    {
        var section = configuration.GetSection(CatalogOptions.Section);
        return !string.IsNullOrWhiteSpace(section[nameof(CatalogOptions.Upstream)]) || section.GetSection(nameof(CatalogOptions.Models)).GetChildren().Any();
    }
}
