using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Pipeline;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// Per-model concurrency caps, as Envoy's circuit-breaker thresholds: at most <c>MaxConcurrentRequests</c> answers in
/// flight to a model and <c>MaxQueuedRequests</c> waiting for one of those slots (for the model's first-byte timeout at
/// most). The excess is refused at once with a 503 the caller can retry, so a hung model holds only its cap of
/// connections; a routed request falls back from the refusal like from any other upstream failure.
/// </summary>
internal sealed class ConcurrencyCaps(IOptions<CatalogOptions> options, GatewayMetrics metrics)
{
    /// <summary>What a refused caller is told: a slot of a model with answers in flight frees within a second or so.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Cap?> _caps = new();

    private sealed record Cap(ConcurrencyLimiter Limiter, int InFlight, int Queued);

    /// <summary>
    /// Takes one of the model's slots, waiting in its queue when all are taken; the slot is held until the lease is
    /// disposed. Throws a 503 <see cref="GatewayException"/> (an upstream failure) when the queue is full too or the
    /// wait outlasted the first-byte timeout.
    /// </summary>
    public async ValueTask<IDisposable?> EnterAsync(CatalogModel model, CancellationToken ct)
    {
        if (_caps.GetOrAdd(model.Name, Create) is not { } cap) return null;
        var limiter = cap.Limiter;
        var lease = limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(model.Timeouts?.FirstByte ?? TimeSpan.FromSeconds(options.Value.FirstByteTimeoutSeconds));
            try
            {
                lease = await limiter.AcquireAsync(1, wait.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw Refuse(model, "waited for a free slot longer than its first-byte timeout");
            }
        }
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        throw Refuse(model, $"{cap.InFlight} answers in flight and {cap.Queued} waiting");
    }

    /// <summary>A whole-answer call (training mode's fan-out) in one of the model's slots; a refusal is a failed answer, as a failed call is.</summary>
    public async Task<UpstreamAnswer> InSlotAsync(CatalogModel model, Func<Task<UpstreamAnswer>> call, CancellationToken ct)
    {
        IDisposable? slot;
        try
        {
            slot = await EnterAsync(model, ct);
        }
        catch (GatewayException refused)
        {
            return new UpstreamAnswer(refused.Status, default, false, false, 0, null, refused.Message);
        }
        using (slot) return await call();
    }

    private GatewayException Refuse(CatalogModel model, string reason)
    {
        metrics.UpstreamError(model.Name, "concurrency_cap");
        return new GatewayException(503, $"Model '{model.Name}' is at its concurrency cap: {reason}.", "upstream_error", "model_overloaded")
        {
            RetryAfter = RetryAfter,
        };
    }

    /// <summary>The model's own caps where its catalog entry sets them, else the gateway-wide ones; null when uncapped.</summary>
    private Cap? Create(string name)
    {
        var gateway = options.Value;
        var entry = gateway.Models.LastOrDefault(m => m.Name == name);
        var inFlight = entry?.MaxConcurrentRequests ?? gateway.MaxConcurrentRequests;
        var queued = entry?.MaxQueuedRequests ?? gateway.MaxQueuedRequests;
        if (inFlight <= 0) return null;
        return new Cap(new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = inFlight,
            QueueLimit = queued,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }), inFlight, queued);
    }
}
