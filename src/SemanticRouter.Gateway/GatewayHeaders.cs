namespace SemanticRouter.Gateway;

/// <summary>Response headers the gateway adds; clients and tools read them by these names.</summary>
public static class GatewayHeaders
{
    /// <summary>The model that answered (also the body's <c>model</c>).</summary>
    public const string Model = "x-semantic-router-model";

    /// <summary>Training mode: every model's evaluate score, <c>model=score,…</c> (<c>null</c> when scoring failed).</summary>
    public const string Scores = "x-semantic-router-scores";

    /// <summary>The request id the flywheel records this exchange under.</summary>
    public const string RequestId = "x-semantic-router-request-id";
}
