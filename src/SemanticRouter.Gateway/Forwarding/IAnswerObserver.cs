using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Pipeline;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// What hears how each attempt ended: the flywheel, when it is on. Forward owns this interface and the stages after it
/// implement it, so Forward never imports them.
/// </summary>
internal interface IAnswerObserver
{
    /// <summary>An attempt that got no answer (unreachable, failing, too slow); heard before the next model is tried.</summary>
    Task OnFailedAsync(Exchange exchange, CatalogModel model, int status, string error);

    /// <summary>
    /// The client has its whole answer (<see cref="Exchange.Model"/>, <see cref="Exchange.Answer"/>, and
    /// <see cref="Exchange.Parsed"/> when Forward read it). Completes once the exchange is handed over, not when its
    /// recording is done: HTTP/1.1 serves the connection's next request only after this request's handler returns.
    /// </summary>
    ValueTask OnAnsweredAsync(Exchange exchange);
}
