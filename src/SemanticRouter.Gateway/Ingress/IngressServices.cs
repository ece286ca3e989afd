using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SemanticRouter.Gateway.Ingress;

internal static class IngressServices
{
    /// <summary>Request limits, client keys and their budgets, and the chat endpoint's handler.</summary>
    public static void AddIngress(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngressOptions>().Bind(configuration.GetSection(IngressOptions.Section))
            .Validate(o => o.MaxRequestBodyBytes > 0, "Gateway:MaxRequestBodyBytes must be positive.")
            .Validate(o => o.MaxJsonDepth > 0, "Gateway:MaxJsonDepth must be positive.")
            .Validate(o => o.MaxMessages > 0 && o.MaxContentChars > 0, "Gateway:MaxMessages and Gateway:MaxContentChars must be positive.")
            .Validate(o => o.ShutdownSeconds >= 0, "Gateway:ShutdownSeconds must be >= 0.")
            .ValidateOnStart();
        // The host's stop stops Kestrel first (it refuses new connections, then waits for the requests in flight
        // until this runs out), then the hosted services, which drain on their own bounds.
        services.AddOptions<HostOptions>().Configure<IOptions<IngressOptions>>((host, ingress) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(ingress.Value.ShutdownSeconds));
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section))
            .Validate(o => o.RequestsPerMinute >= 0 && o.TokensPerMinute >= 0, "Auth limits must be >= 0.")
            .Validate(o => o.ApiKeys.All(k => k.Sha256.Length == 64 && k.Sha256.All(char.IsAsciiHexDigit)),
                "Auth:ApiKeys entries need Sha256: the key's SHA-256 as 64 hex digits (./semrouter hash-key prints it).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ClientKeys>();
        services.AddSingleton<ChatCompletions>();
    }

    /// <summary>The access log (outermost: it sees the status the client got), errors as OpenAI bodies, then client keys on <c>/v1</c>, then the admin key on <c>/admin</c>.</summary>
    public static void UseIngress(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<IngressOptions>>().Value.AccessLog) app.UseMiddleware<AccessLog>();
        app.UseMiddleware<OpenAiErrorMiddleware>();
        app.UseMiddleware<ClientKeyMiddleware>();
        app.UseMiddleware<AdminKeyMiddleware>();
    }

    /// <summary>Kestrel's own body limit: a backstop just above ours, so our 413 (with an OpenAI body) is what clients see.</summary>
    public static long KestrelBodyLimit(IConfiguration configuration) =>
        (configuration.GetSection(IngressOptions.Section).Get<IngressOptions>() ?? new IngressOptions()).MaxRequestBodyBytes + 1;
}
