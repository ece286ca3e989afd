namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// The <c>Auth</c> section: client API keys and their limits. Keys come from <c>SEMROUTER_API_KEYS</c>
/// (comma-separated, plain) or from <see cref="ApiKeys"/>, which holds only their SHA-256 hashes.
/// </summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string ApiKeysVariable = "SEMROUTER_API_KEYS";

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Limits for every key that sets none of its own; 0 means no limit.</summary>
    public int RequestsPerMinute { get; set; }
    public int TokensPerMinute { get; set; }

    /// <summary>Whether a key that says nothing of its own may ask for training mode (every catalog model answers).</summary>
    public bool TrainingMode { get; set; }

    /// <summary>Listen beyond loopback although no key is configured (anyone who can reach the port can use it).</summary>
    public bool AllowUnauthenticatedRemote { get; set; }

    /// <summary><c>/metrics</c> and <c>/dashboard</c> need the admin key as <c>/admin</c> does (loopback only without one).</summary>
    public bool ObservabilityNeedsAdminKey { get; set; }
}

internal sealed class ApiKeyOptions
{
    /// <summary>A name for the key's owner, shown in logs instead of the key.</summary>
    public string Name { get; set; } = "";

    /// <summary>The key's SHA-256, hex (<c>./semrouter hash-key</c> prints it).</summary>
    public string Sha256 { get; set; } = "";

    public int? RequestsPerMinute { get; set; }
    public int? TokensPerMinute { get; set; }

    /// <summary>May ask for training mode (<c>X-Training-Mode: true</c>); unset: <see cref="AuthOptions.TrainingMode"/>.</summary>
    public bool? TrainingMode { get; set; }
}
