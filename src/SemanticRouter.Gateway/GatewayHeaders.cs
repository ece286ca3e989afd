namespace SemanticRouter.Gateway;

/// <summary>Response headers the gateway adds; clients and tools read them by these names.</summary>
public static class GatewayHeaders
{
    /// <summary>The model that answered (also the body's <c>model</c>).</summary>
    public const string Model = "x-semantic-router-model";

    /// <summary>The classifier version that routed the request.</summary>
    public const string Version = "x-semantic-router-version";

    /// <summary>Milliseconds spent tokenizing, encoding and deciding.</summary>
    public const string DecisionMs = "x-semantic-router-decision-ms";

    /// <summary>The top three candidates with their utilities, <c>model=utility;…</c>.</summary>
    public const string Candidates = "x-semantic-router-candidates";

    /// <summary>Training mode: every model's evaluate score, <c>model=score,…</c> (<c>null</c> when scoring failed).</summary>
    public const string Scores = "x-semantic-router-scores";

    /// <summary>Request header naming the conversation a request belongs to (without it: its system prompt and first user message).</summary>
    public const string SessionId = "x-session-id";

    /// <summary>What the conversation's pin did to a routed request: <c>new</c>, <c>kept</c>, <c>switched</c>, <c>tool-loop</c>.</summary>
    public const string Session = "x-semantic-router-session";

    /// <summary>The request id the flywheel records this exchange under.</summary>
    public const string RequestId = "x-semantic-router-request-id";
}
