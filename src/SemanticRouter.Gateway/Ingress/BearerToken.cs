namespace SemanticRouter.Gateway.Ingress;

/// <summary>The token of an <c>Authorization: Bearer …</c> header, read the same way for client and admin keys.</summary>
internal static class BearerToken
{
    private const string Scheme = "Bearer ";

    /// <summary>The token, trimmed; null when the header is missing or names another scheme (the scheme's case does not matter, RFC 7235).</summary>
    public static string? From(string? authorization) =>
        authorization is not null && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            ? authorization[Scheme.Length..].Trim()
            : null;
}
