using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Configuration;
using SemanticRouter.Gateway.Observability;

namespace SemanticRouter.Gateway.Health;

/// <summary>
/// What the gateway knows about each upstream model's health: one Polly pipeline per model (retry with backoff
/// and jitter → circuit breaker → first-byte timeout) that every call to the model goes through, so a failing
/// model opens its circuit and is skipped by routing until a half-open probe succeeds.
/// </summary>
public sealed class UpstreamHealth(IOptions<ResilienceOptions> options, GatewayMetrics metrics)
{
    private readonly ConcurrentDictionary<string, ModelPipeline> _pipelines = new(StringComparer.Ordinal);

    /// <summary>False while the model's circuit is open: routing skips it and calls to it fail at once.</summary>
    public bool IsAvailable(string model) =>
        !_pipelines.TryGetValue(model, out var entry) || entry.State.CircuitState is not (CircuitState.Open or CircuitState.Isolated);

    /// <summary>The pipeline for this model, rebuilt only when the model's endpoint or timeouts change.</summary>
    public ResiliencePipeline<HttpResponseMessage> For(CatalogModel model, TimeSpan firstByteTimeout)
    {
        if (_pipelines.TryGetValue(model.Name, out var entry) && entry.Model == model)
            return entry.Pipeline;
        return _pipelines.AddOrUpdate(model.Name, _ => Build(model, firstByteTimeout),
            (_, existing) => existing.Model == model ? existing : Build(model, firstByteTimeout)).Pipeline;
    }

    /// <summary>True for answers worth another attempt: the upstream is overloaded or failed, not the request.</summary>
    public static bool IsTransient(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    private ModelPipeline Build(CatalogModel model, TimeSpan firstByteTimeout)
    {
        var o = options.Value;
        var state = new CircuitBreakerStateProvider();
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (o.Retries > 0)
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = o.Retries,
                Delay = TimeSpan.FromMilliseconds(o.RetryDelayMs),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Timeouts are not retried: a model that hung once for the first-byte timeout would hang the client thrice.
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>().HandleResult(r => IsTransient(r.StatusCode)),
                OnRetry = args =>
                {
                    metrics.UpstreamError(model.Name, ErrorKind(args.Outcome));
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = o.BreakerFailureRatio,
            MinimumThroughput = Math.Max(2, o.BreakerMinimumThroughput),
            SamplingDuration = TimeSpan.FromSeconds(Math.Max(1, o.BreakerSamplingSeconds)),
            BreakDuration = TimeSpan.FromSeconds(Math.Max(1, o.BreakerBreakSeconds)),
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>().Handle<TimeoutRejectedException>().HandleResult(r => IsTransient(r.StatusCode)),
            StateProvider = state,
        });
        builder.AddTimeout(firstByteTimeout);
        return new ModelPipeline(model, builder.Build(), state);
    }

    /// <summary>The <c>kind</c> label of <c>semantic_router_upstream_errors_total</c> for one failed attempt.</summary>
    public static string ErrorKind(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        HttpRequestException => "connect",
        TimeoutRejectedException => "timeout",
        BrokenCircuitException => "circuit_open",
        null => outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests ? "status_429" : "status_5xx",
        _ => "other",
    };

    private sealed record ModelPipeline(CatalogModel Model, ResiliencePipeline<HttpResponseMessage> Pipeline,
        CircuitBreakerStateProvider State);
}
