using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Catalog;

/// <summary>
/// Fills the catalog from the upstream's <c>GET /v1/models</c> plus the models configured one by one: once
/// before the gateway accepts requests, then every <see cref="CatalogOptions.CatalogRefreshSeconds"/>.
/// </summary>
internal sealed partial class CatalogRefresher(
    ModelCatalog catalog, IOptions<CatalogOptions> options, ILogger<CatalogRefresher> logger) : BackgroundService
{
    private readonly CatalogOptions _options = options.Value;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, _options.CatalogRefreshSeconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await RefreshAsync(stoppingToken);
    }

    internal async Task RefreshAsync(CancellationToken ct)
    {
        var models = new List<CatalogModel>();
        if (!string.IsNullOrWhiteSpace(_options.Upstream))
        {
            var baseUrl = CatalogModel.ServiceRoot(_options.Upstream);
            var apiKey = Secret(_options.UpstreamApiKeyEnv);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, "v1/models"));
                if (apiKey is not null) request.Headers.Authorization = new("Bearer", apiKey);
                using var response = await _http.SendAsync(request, ct);
                response.EnsureSuccessStatusCode();
                var list = await response.Content.ReadFromJsonAsync(ContractsJson.Context.ModelList, ct);
                models.AddRange((list?.Data ?? []).Where(m => m.Id != "auto")
                    .Select(m => new CatalogModel(m.Id, new Uri(baseUrl, "v1/"), m.Id, apiKey, Price(m.Id) ?? m.PricePer1kTokens, Timeouts(null),
                        Providers.Listed(m.Protocol), m.Accepts, UpstreamHttp.From(_options))));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                LogUpstreamUnavailable(baseUrl, e.Message);
                if (catalog.Models.Count > 0) return; // keep serving the last good catalog
            }
        }
        foreach (var m in _options.Models)
        {
            models.RemoveAll(existing => existing.Name == m.Name);
            models.Add(new CatalogModel(m.Name, CatalogModel.NormalizeBaseUrl(m.BaseUrl),
                m.UpstreamModel ?? m.Name, Secret(m.ApiKeyEnv), Price(m.Name) ?? m.PricePer1kTokens, Timeouts(m), Providers.Protocol(m), m.Accepts,
                UpstreamHttp.From(_options, m)));
        }
        if (models.Count > 0 || catalog.Models.Count == 0) catalog.Replace(models);
        LogCatalog(catalog.Models.Count);
    }

    /// <summary>A price set in <c>Gateway:Prices</c> wins over what the upstream lists.</summary>
    private double? Price(string model) => _options.Prices.TryGetValue(model, out var price) ? price : null;

    private UpstreamTimeouts Timeouts(ModelEndpointOptions? model) => UpstreamTimeouts.From(_options, model);

    private static string? Secret(string? environmentVariable) =>
        string.IsNullOrEmpty(environmentVariable) ? null : Environment.GetEnvironmentVariable(environmentVariable);

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the model list from {Upstream}: {Reason}")]
    private partial void LogUpstreamUnavailable(Uri upstream, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Catalog holds {Count} models")]
    private partial void LogCatalog(int count);
}
