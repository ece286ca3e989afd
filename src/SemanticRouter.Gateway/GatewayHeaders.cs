namespace SemanticRouter.Gateway;

/// <summary>Response headers the gateway adds; clients and tools read them by these names.</summary>
public static class GatewayHeaders
{
    /// <summary>The model that answered (also the body's <c>model</c>).</summary>
    public const string Model = "x-semantic-router-model";
}
