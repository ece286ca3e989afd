using System.Diagnostics;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Health;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// One call to a model, over all its attempts: the clock started before the first attempt, and the token that
/// enforces first the first-byte timeout of each attempt and then the whole-answer timeout while the body is read;
/// <see cref="Response"/> once an attempt's answer was taken. The model's circuit breaker hears how the call ended
/// only when the body has (<see cref="End"/>): a model that sends its headers and then breaks off its answers is
/// failing, and its circuit must open like one that answers 503.
/// </summary>
internal sealed class UpstreamCall(CatalogModel model, UpstreamTimeouts timeouts, CircuitBreaker breaker, CancellationToken ct) : IDisposable
{
    private readonly CancellationTokenSource _total = CancellationTokenSource.CreateLinkedTokenSource(ct);
    private int _ended;

    public CatalogModel Model { get; } = model;
    public UpstreamTimeouts Timeouts { get; } = timeouts;
    public CircuitBreaker Breaker { get; } = breaker;
    public Stopwatch Clock { get; } = Stopwatch.StartNew();
    public CancellationToken Token => _total.Token;

    /// <summary>The <c>upstream open</c> span: it ends when an answer was taken (or the call failed).</summary>
    public Activity? OpenSpan { get; set; }

    /// <summary>The answer taken, for a call whose answer the gateway reads itself; YARP's own for a relayed one.</summary>
    public HttpResponseMessage? Response { get; set; }

    /// <summary>
    /// What is left of the whole-answer timeout; zero, not negative, once it has passed (an answer can arrive the
    /// instant it runs out, and <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> refuses a negative delay).
    /// </summary>
    public TimeSpan Left
    {
        get
        {
            var left = Timeouts.Total - Clock.Elapsed;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Before an attempt: its response headers must come within the first-byte timeout (and the call's time).</summary>
    public void AwaitFirstByte()
    {
        var left = Left;
        _total.CancelAfter(left < Timeouts.FirstByte ? left : Timeouts.FirstByte);
    }

    /// <summary>The headers came: the answer has what is left of the whole-answer timeout.</summary>
    public void AwaitWholeAnswer() => _total.CancelAfter(Left);

    /// <summary>Tells the breaker how the answer ended; only the first outcome counts.</summary>
    public void End(CircuitBreaker.Outcome outcome)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0) Breaker.Record(outcome);
    }

    /// <summary>
    /// The call failed before an answer was taken: the breaker heard each attempt as it failed, so there is nothing
    /// left for it to hear.
    /// </summary>
    public void GiveUp()
    {
        Volatile.Write(ref _ended, 1);
        Dispose();
    }

    public void Dispose()
    {
        End(CircuitBreaker.Outcome.Abandoned); // the client went away, or the caller failed, before the body ended
        Response?.Dispose();
        _total.Dispose();
    }
}
