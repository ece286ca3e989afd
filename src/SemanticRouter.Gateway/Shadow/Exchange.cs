using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Protocols;
using SemanticRouter.Gateway.Routing;

namespace SemanticRouter.Gateway.Shadow;

/// <summary>One client request as the flywheel sees it: its id, its protocol, what it asked, and how it was routed.</summary>
public sealed record Exchange(string RequestId, IChatProtocol Protocol, ChatRequest Request, ReadOnlyMemory<byte> Body, RouteDecision? Decision)
{
    public string Mode => Decision is null ? "explicit" : "routed";
    public string RouterVersion => Decision?.RouterVersion ?? "";
}
