using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Configuration;
using SemanticRouter.Gateway.Forwarding;
using SemanticRouter.Gateway.Health;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Ingress;
using SemanticRouter.Gateway.Routing;
using SemanticRouter.Gateway.Registry;
using SemanticRouter.Gateway.Evaluation;
using SemanticRouter.Gateway.Shadow;
using SemanticRouter.Gateway.Composition;
using SemanticRouter.Recording;
using SemanticRouter.Retraining;

namespace SemanticRouter.Gateway;

/// <summary>Composes the gateway's stages into one Kestrel web application.</summary>
public static class GatewayApp
{
    /// <summary>
    /// The gateway's configuration, later sources winning: the JSON file at <paramref name="configFile"/>,
    /// the environment (<c>SEMROUTER__Gateway__DefaultModel</c>), then <paramref name="overrides"/> (what the
    /// command line said).
    /// </summary>
    public static IConfiguration ReadConfiguration(string? configFile, IReadOnlyDictionary<string, string?>? overrides)
    {
        var configuration = new ConfigurationBuilder();
        if (configFile is not null) configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        configuration.AddEnvironmentVariables("SEMROUTER__");
        // Secrets and the standard OpenTelemetry settings: only ever from the environment (tests may override them below).
        configuration.AddInMemoryCollection(EnvironmentOnly.Select(name =>
            new KeyValuePair<string, string?>(name, Environment.GetEnvironmentVariable(name))));
        if (overrides is not null) configuration.AddInMemoryCollection(overrides);
        return configuration.Build();
    }

    private static readonly string[] EnvironmentOnly =
    [
        AdminKeyMiddleware.AdminKeyVariable, AuthOptions.ApiKeysVariable,
        GatewayTelemetry.EndpointVariable, GatewayTelemetry.ProtocolVariable,
    ];

    /// <summary>True when the configuration names an upstream or lists models; otherwise there is nothing to serve.</summary>
    public static bool HasUpstream(IConfiguration configuration)
    {
        var section = configuration.GetSection(GatewayOptions.Section);
        return !string.IsNullOrWhiteSpace(section["Upstream"]) || section.GetSection("Models").GetChildren().Any();
    }

    public static WebApplication Build(string urls, IConfiguration configuration, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddConfiguration(configuration);
        var (listen, restricted) = ListenUrls(urls, configuration);
        builder.WebHost.UseUrls(listen);

        builder.Logging.ClearProviders();
        if (logging is not null) logging(builder.Logging);
        else builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .AddFilter("Microsoft", LogLevel.Warning);
        // Hosting starts an Activity for every request while its logger is enabled at any level, and HttpClient
        // then one more for the upstream call; its logs are per-request lines the gateway does not use. Traces,
        // when configured, still get both (an ActivityListener makes Hosting create them).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        // Hangfire announces its server, storage and options at Information: warnings only, unless Logging:LogLevel:Hangfire says.
        if (configuration["Logging:LogLevel:Hangfire"] is null) builder.Logging.AddFilter("Hangfire", LogLevel.Warning);

        var services = builder.Services;
        services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.Section))
            .Validate(o => o.MaxRequestBodyBytes > 0, "Gateway:MaxRequestBodyBytes must be positive.")
            .Validate(o => o.MaxJsonDepth > 0, "Gateway:MaxJsonDepth must be positive.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Upstream) || o.Models.Count > 0,
                "Configure Gateway:Upstream or list Gateway:Models.")
            .ValidateOnStart();
        services.AddRoutingCore();
        services.AddSingleton<ModelCatalog>();
        services.AddHostedService<CatalogRefresher>();
        services.AddOptions<RoutingOptions>().Bind(builder.Configuration.GetSection(RoutingOptions.Section))
            .Validate(o => o.LatencyWeight >= 0 && o.CostWeight >= 0, "Routing:LatencyWeight and Routing:CostWeight must be >= 0.")
            .ValidateOnStart();
        services.AddSingleton<DefaultModelRouter>();
        services.AddSingleton<ClassifierRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<ClassifierRegistry>());
        services.AddSingleton<IModelRouter, SemanticModelRouter>();
        services.AddOptions<ResilienceOptions>().Bind(builder.Configuration.GetSection(ResilienceOptions.Section))
            .Validate(o => o.Retries >= 0 && o.MaxFallbacks >= 0 && o.RetryDelayMs >= 0, "Resilience: counts and delays must be >= 0.")
            .Validate(o => o.BreakerFailureRatio is > 0 and <= 1, "Resilience:BreakerFailureRatio must be within (0, 1].")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section))
            .Validate(o => o.RequestsPerMinute >= 0 && o.TokensPerMinute >= 0, "Auth limits must be >= 0.")
            .Validate(o => o.ApiKeys.All(k => k.Sha256.Length == 64 && k.Sha256.All(char.IsAsciiHexDigit)),
                "Auth:ApiKeys entries need Sha256: the key's SHA-256 as 64 hex digits (./semrouter hash-key prints it).")
            .ValidateOnStart();
        services.AddSingleton<ClientKeys>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<MetricsCollector>();
        services.AddSingleton<MetricsHistory>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsHistory>());
        GatewayTelemetry.AddTracing(services, builder.Configuration);
        services.AddSingleton<UpstreamHealth>();
        services.AddSingleton<UpstreamClients>();
        services.AddSingleton<Forwarder>();
        services.AddSingleton<ChatCompletions>();
        AddFlywheel(services, builder.Configuration);
        services.AddRetraining(builder.Configuration);
        services.AddOptions<RetrainOptions>().Configure<IOptions<GatewayOptions>>((retrain, gateway) => retrain.DataDir = gateway.Value.DataDir);
        services.AddSingleton<IServingClassifier, ServingClassifier>();

        // Kestrel's own limit is a backstop just above ours, so our 413 (with an OpenAI body) is what clients see.
        builder.WebHost.ConfigureKestrel((context, kestrel) => kestrel.Limits.MaxRequestBodySize =
            context.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>()?.MaxRequestBodyBytes + 1
            ?? new GatewayOptions().MaxRequestBodyBytes + 1);

        var app = builder.Build();
        Directory.CreateDirectory(app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.DataDir);
        if (restricted)
            app.Logger.LogWarning("No client API keys are configured ({Variable} or Auth:ApiKeys): listening on loopback only. " +
                "Set Auth:AllowUnauthenticatedRemote=true to listen on {Urls} without keys.", AuthOptions.ApiKeysVariable, urls);
        app.Services.GetRequiredService<MetricsCollector>(); // listen from the first request on
        GatewayTelemetry.Start(app.Services);
        app.UseMiddleware<OpenAiErrorMiddleware>();
        app.UseMiddleware<ClientKeyMiddleware>();
        app.UseMiddleware<AdminKeyMiddleware>();
        app.MapGatewayEndpoints();
        app.MapAdminEndpoints(AdminKeyMiddleware.Prefix);
        app.MapObservabilityEndpoints();
        return app;
    }

    /// <summary>
    /// Without client keys the gateway is open to whoever reaches it, so unless told otherwise it listens on
    /// loopback only: every non-loopback host in <paramref name="urls"/> becomes 127.0.0.1.
    /// </summary>
    public static (string Urls, bool Restricted) ListenUrls(string urls, IConfiguration configuration)
    {
        var auth = configuration.GetSection(AuthOptions.Section);
        if (!string.IsNullOrWhiteSpace(configuration[AuthOptions.ApiKeysVariable]) || auth.GetSection("ApiKeys").GetChildren().Any()
            || auth.GetValue<bool>(nameof(AuthOptions.AllowUnauthenticatedRemote)))
            return (urls, false);
        var restricted = false;
        var result = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(url =>
        {
            var uri = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
            if (uri.IsLoopback) return url;
            restricted = true;
            return new UriBuilder(uri) { Host = "127.0.0.1" }.Uri.GetLeftPart(UriPartial.Authority);
        }).ToArray();
        return (string.Join(';', result), restricted);
    }

    /// <summary>
    /// Recording, scoring and shadowing. Registration order is stop order reversed: the shadow queue drains
    /// first, then the recorder flushes everything it holds to Parquet.
    /// </summary>
    private static void AddFlywheel(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShadowOptions>().Bind(configuration.GetSection(ShadowOptions.Section))
            .Validate(o => o.SampleRate is >= 0 and <= 1, "Shadow:SampleRate must be within [0, 1].")
            .Validate(o => o.ExplicitScoreRate is >= 0 and <= 1, "Shadow:ExplicitScoreRate must be within [0, 1].")
            .Validate(o => o.MaxExplicitScoresPerSecond >= 0, "Shadow:MaxExplicitScoresPerSecond must be >= 0 (0: no cap).")
            .Validate(o => o.QueueCapacity > 0 && o.Workers > 0, "Shadow:QueueCapacity and Shadow:Workers must be positive.")
            .ValidateOnStart();
        if (!configuration.GetSection(ShadowOptions.Section).GetValue(nameof(ShadowOptions.Enabled), true)) return;

        services.AddOptions<RecordingOptions>().Bind(configuration.GetSection(RecordingOptions.Section))
            .Configure<IOptions<GatewayOptions>>((recording, gateway) => recording.DataDir = gateway.Value.DataDir);
        services.AddSingleton<FlywheelRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<FlywheelRecorder>());
        services.AddSingleton(sp => new EvaluateClient(EvaluateUrl(sp), sp.GetRequiredService<ILogger<EvaluateClient>>()));
        services.AddSingleton<Flywheel>();
        services.AddSingleton(sp => new ShadowQueue(sp.GetRequiredService<IOptions<ShadowOptions>>(),
            sp.GetRequiredService<Flywheel>().HandleAsync, sp.GetRequiredService<ILogger<ShadowQueue>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ShadowQueue>());
        services.AddSingleton<FlywheelIntake>();
        services.AddHostedService(sp => sp.GetRequiredService<FlywheelIntake>());
    }

    /// <summary><c>Shadow:EvaluateUrl</c> if set (empty turns scoring off), else the upstream's <c>/v1/evaluate</c>.</summary>
    private static Uri? EvaluateUrl(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<ShadowOptions>>().Value.EvaluateUrl;
        if (configured is not null) return configured.Length == 0 ? null : new Uri(configured);
        var upstream = services.GetRequiredService<IOptions<GatewayOptions>>().Value.Upstream;
        return string.IsNullOrWhiteSpace(upstream) ? null : new Uri(CatalogModel.NormalizeBaseUrl(upstream), "v1/evaluate");
    }
}
