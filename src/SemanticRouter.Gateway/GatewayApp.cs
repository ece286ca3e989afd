using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Composition;
using SemanticRouter.Gateway.Forwarding;
using SemanticRouter.Gateway.Health;
using SemanticRouter.Gateway.Ingress;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Recording;
using SemanticRouter.Gateway.Routing;
using SemanticRouter.Gateway.Shadow;
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
        try
        {
            return configuration.Build();
        }
        catch (InvalidDataException e) when (e.InnerException?.InnerException is System.Text.Json.JsonException json)
        {
            throw new ConfigFileException($"The config file {Path.GetFullPath(configFile!)} is not valid JSON: {Contracts.JsonErrors.Describe(json)}.");
        }
    }

    private static readonly string[] EnvironmentOnly =
    [
        AdminKeyMiddleware.AdminKeyVariable, AuthOptions.ApiKeysVariable,
        GatewayTelemetry.EndpointVariable, GatewayTelemetry.ProtocolVariable, GatewayTelemetry.MetricIntervalVariable,
    ];

    /// <summary>True when the console logs are JSON (<c>Logging:Console:FormatterName=json</c>): one JSON object a line on stdout.</summary>
    public static bool JsonLogs(IConfiguration configuration) =>
        string.Equals(configuration["Logging:Console:FormatterName"], "json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The SHA-256 of a client key, as <c>Auth:ApiKeys[].Sha256</c> holds it (the key itself never goes into config).</summary>
    public static string HashClientKey(string key) => ClientKeys.Hash(key);

    /// <summary>True when the configuration names an upstream or lists models; otherwise there is nothing to serve.</summary>
    public static bool HasUpstream(IConfiguration configuration) => CatalogServices.HasUpstream(configuration);

    /// <summary><c>Gateway:DataDir</c>: the Route stage's registry, the Record stage and retraining share it.</summary>
    private static string DataDir(IConfiguration configuration) => configuration["Gateway:DataDir"] ?? "./data";

    public static WebApplication Build(string urls, IConfiguration configuration, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddConfiguration(configuration);
        var (listen, restricted) = ListenUrls(urls, configuration);
        builder.WebHost.UseUrls(listen);

        builder.Logging.ClearProviders();
        if (logging is not null) logging(builder.Logging);
        // Logging:Console:FormatterName (json, simple, systemd) and its FormatterOptions, when set, decide the console's format.
        else if (configuration["Logging:Console:FormatterName"] is { Length: > 0 } formatter)
        {
            builder.Logging.AddConsole(o => o.FormatterName = formatter).AddFilter("Microsoft", LogLevel.Warning);
            var formatterOptions = configuration.GetSection("Logging:Console:FormatterOptions");
            builder.Services.Configure<JsonConsoleFormatterOptions>(formatterOptions);
            builder.Services.Configure<SimpleConsoleFormatterOptions>(formatterOptions);
            builder.Services.Configure<ConsoleFormatterOptions>(formatterOptions);
        }
        else builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .AddFilter("Microsoft", LogLevel.Warning);
        // Hosting starts an Activity for every request while its logger is enabled at any level, and HttpClient
        // then one more for the upstream call; its logs are per-request lines the gateway does not use. Traces,
        // when configured, still get both (an ActivityListener makes Hosting create them).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        // Hangfire announces its server, storage and options at Information: warnings only, unless Logging:LogLevel:Hangfire says.
        if (configuration["Logging:LogLevel:Hangfire"] is null) builder.Logging.AddFilter("Hangfire", LogLevel.Warning);

        var services = builder.Services;
        var dataDir = DataDir(builder.Configuration);
        EnsureWritable(dataDir);
        // Hosted services start in this order and stop in the reverse: the catalog is filled before anything else
        // starts; at a stop the flywheel's intake drains, then the shadow queue, then the recorder flushes.
        services.AddCatalog(builder.Configuration);
        services.AddRouting(builder.Configuration, dataDir);
        services.AddHealth(builder.Configuration);
        services.AddIngress(builder.Configuration);
        services.AddObservability(builder.Configuration);
        services.AddForwarding(builder.Configuration);
        services.AddShadowOptions(builder.Configuration);
        if (ShadowServices.Enabled(builder.Configuration))
        {
            services.AddRecording(builder.Configuration, dataDir);
            services.AddShadow();
        }
        // Ingress hands every checked request to these stages, in this order.
        services.AddSingleton(sp => new ChatPipeline([
            .. sp.GetService<TrainingMode>() is { } training ? [training] : Array.Empty<IExchangeStage>(),
            sp.GetRequiredService<RouteStage>(),
            sp.GetRequiredService<ForwardStage>(),
        ]));
        services.AddSingleton<IGatewayStatus, GatewayStatus>();
        services.AddRetraining(builder.Configuration);
        services.AddOptions<RetrainOptions>().Configure(o => o.DataDir = dataDir);
        services.AddSingleton<IServingClassifier, ServingClassifier>();
        builder.WebHost.ConfigureKestrel((context, kestrel) => kestrel.Limits.MaxRequestBodySize = IngressServices.KestrelBodyLimit(context.Configuration));

        var app = builder.Build();
        if (restricted)
            app.Logger.LogWarning("No client API keys are configured ({Variable} or Auth:ApiKeys): listening on loopback only. " +
                "Set Auth:AllowUnauthenticatedRemote=true to listen on {Urls} without keys.", AuthOptions.ApiKeysVariable, urls);
        if (!restricted && BeyondLoopback(listen)) LogExposure(app, configuration);
        app.Services.GetRequiredService<MetricsCollector>(); // listen from the first request on
        GatewayTelemetry.Start(app.Services);
        app.UseIngress();
        app.MapGatewayEndpoints();
        Embeddings.Map(app);
        app.MapAdminEndpoints(AdminKeyMiddleware.Prefix);
        app.MapObservabilityEndpoints();
        return app;
    }

    /// <summary>
    /// Creates the data directory if need be and checks that the gateway can write there, before anything starts: a
    /// directory it cannot write is one clear <see cref="DataDirException"/>, not a failure deep in a hosted service.
    /// </summary>
    private static void EnsureWritable(string dataDir)
    {
        try
        {
            // Recorded questions and answers are the users' data: the directory the gateway creates is its owner's alone.
            if (!Directory.Exists(dataDir) && !OperatingSystem.IsWindows())
                Directory.CreateDirectory(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.CreateDirectory(dataDir);
            using (File.Create(Path.Combine(dataDir, $".write-check-{Environment.ProcessId}"), 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataDirException($"The data directory {Path.GetFullPath(dataDir)} is not writable ({e.Message.Trim()}); " +
                "the gateway records answers and keeps its classifiers there: give it a writable Gateway:DataDir (--data-dir).");
        }
    }

    private static bool BeyondLoopback(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Any(url => !Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri) || !uri.IsLoopback);

    /// <summary>Says at start what a gateway listening beyond loopback leaves open to the network, and what it guards.</summary>
    private static void LogExposure(WebApplication app, IConfiguration configuration)
    {
        var adminKey = !string.IsNullOrEmpty(configuration[AdminKeyMiddleware.AdminKeyVariable]);
        if (!adminKey)
            app.Logger.LogWarning("{Variable} is not set: /admin answers loopback callers only.", AdminKeyMiddleware.AdminKeyVariable);
        if (!configuration.GetValue<bool>("Auth:ObservabilityNeedsAdminKey"))
            app.Logger.LogWarning("/metrics and /dashboard are open to every caller that reaches this port; " +
                "Auth:ObservabilityNeedsAdminKey=true puts them behind the admin key (loopback only without one).");
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
}
