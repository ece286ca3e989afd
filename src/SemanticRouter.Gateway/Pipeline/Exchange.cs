using System.Diagnostics;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Protocols;

namespace SemanticRouter.Gateway.Pipeline;

/// <summary>
/// One client request on its way through the stages, each filling in its part: Ingress what was asked (id, protocol,
/// body, the parsed request and who pays for it), Route how it was routed or the model it named, Forward the model
/// that answered and the answer. The flywheel keeps it after the response, so it never holds the HttpContext, which
/// Kestrel reuses for the connection's next request.
/// </summary>
internal sealed class Exchange(string requestId, IChatProtocol protocol, ReadOnlyMemory<byte> body, ChatRequest request)
{
    public string RequestId { get; } = requestId;

    /// <summary>The protocol the client speaks: its answer goes back in it.</summary>
    public IChatProtocol Protocol { get; } = protocol;

    /// <summary>The request body as it came, read once.</summary>
    public ReadOnlyMemory<byte> Body { get; } = body;

    public ChatRequest Request { get; } = request;

    /// <summary>The request's span: the parent of the background spans (shadow, evaluate) that run after it ended.</summary>
    public ActivityContext Trace { get; init; }

    /// <summary>The client asked for training mode (<c>X-Training-Mode: true</c>).</summary>
    public bool TrainingRequested { get; init; }

    /// <summary>Debits an answer's tokens from the client key's budget (null: no token budget). Holds the budget, not the request.</summary>
    public Action<ParsedAnswer>? Charge { get; init; }

    /// <summary>The name of the client key that made the request (null when keys are off): only it may rate the answer.</summary>
    public string? ClientKey { get; init; }

    /// <summary>How a routed request was routed (set by Route); null for a request that named its model.</summary>
    public RouteDecision? Decision { get; set; }

    /// <summary>The model the request named (set by Route), then the model whose answer the client got (set by Forward).</summary>
    public CatalogModel? Model { get; set; }

    /// <summary>The answer the client got (set by Forward).</summary>
    public UpstreamAnswer? Answer { get; set; }

    /// <summary>The answer's text and usage, when Forward already read them (to charge a key or count usage).</summary>
    public ParsedAnswer? Parsed { get; set; }

    /// <summary>How this request reaches <paramref name="model"/>: the translator from the client's protocol to its upstream's.</summary>
    public IProtocolTranslator TranslatorTo(CatalogModel model) => ChatProtocols.Translator(Protocol, model.Protocol);

    public string Mode => Decision is null ? "explicit" : "routed";
    public string RouterVersion => Decision?.RouterVersion ?? "";
}
