using System.Diagnostics;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Health;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// An upstream answer whose headers have arrived: the response, the clock started before the first attempt,
/// and the token that enforces the model's whole-answer timeout while the body is read. The model's circuit
/// breaker hears how the call ended only when the body has (<see cref="End"/>): a model that sends its headers
/// and then breaks off its answers is failing, and its circuit must open like one that answers 503.
/// </summary>
internal sealed class UpstreamCall(CatalogModel model, HttpResponseMessage response, Stopwatch clock, CancellationTokenSource total,
    CircuitBreaker breaker) : IDisposable
{
    private int _ended;

    public CatalogModel Model { get; } = model;
    public HttpResponseMessage Response { get; } = response;
    public Stopwatch Clock { get; } = clock;
    public CancellationToken Token => total.Token;

    /// <summary>Tells the breaker how the answer ended; only the first outcome counts.</summary>
    public void End(CircuitBreaker.Outcome outcome)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0) breaker.Record(outcome);
    }

    public void Dispose()
    {
        End(CircuitBreaker.Outcome.Abandoned); // the client went away, or the caller failed, before the body ended
        Response.Dispose();
        total.Dispose();
    }
}
