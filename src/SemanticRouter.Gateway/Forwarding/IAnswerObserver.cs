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
    /// The answer is complete (<see cref="Exchange.Model"/>, <see cref="Exchange.Answer"/>, and
    /// <see cref="Exchange.Parsed"/> when Forward read it) and its end is held back from the client until this
    /// completes: it completes once the answer is journaled (or the journal refused it), not when it is scored.
    /// </summary>
    ValueTask OnAnsweredAsync(Exchange exchange);
}
