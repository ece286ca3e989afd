using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Catalog;

namespace SemanticRouter.Gateway.Health;

/// <summary>
/// What the gateway knows about each upstream model's health: one <see cref="CircuitBreaker"/> per model that
/// every call to it goes through, so a failing model is skipped by routing and refused at once until a half-open
/// probe succeeds.
/// </summary>
internal sealed class UpstreamHealth(IOptions<HealthOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (CatalogModel Model, CircuitBreaker Breaker)> _breakers = new(StringComparer.Ordinal);

    /// <summary>False while the model's circuit refuses calls: routing skips it.</summary>
    public bool IsAvailable(string model) => !_breakers.TryGetValue(model, out var entry) || entry.Breaker.IsAvailable;

    /// <summary>The model's breaker; a new one (closed) when the model's endpoint or timeouts changed.</summary>
    public CircuitBreaker For(CatalogModel model)
    {
        if (_breakers.TryGetValue(model.Name, out var entry) && entry.Model == model) return entry.Breaker;
        return _breakers.AddOrUpdate(model.Name, _ => (model, Build()),
            (_, existing) => existing.Model == model ? existing : (model, Build())).Breaker;
    }

    /// <summary>True for answers worth another attempt: the upstream is overloaded or failed, not the request.</summary>
    public static bool IsTransient(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    private CircuitBreaker Build()
    {
        var o = options.Value;
        return new CircuitBreaker(new BreakerSettings(o.BreakerFailureRatio, Math.Max(2, o.BreakerMinimumThroughput),
            TimeSpan.FromSeconds(Math.Max(1, o.BreakerSamplingSeconds)), TimeSpan.FromSeconds(Math.Max(1, o.BreakerBreakSeconds))), time);
    }
}
