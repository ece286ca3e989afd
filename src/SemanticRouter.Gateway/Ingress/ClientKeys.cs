using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// The client API keys this gateway accepts, held only as SHA-256 hashes, each with its own limits. Empty when
/// none is configured: then <c>/v1/*</c> is open and the gateway listens on loopback only.
/// </summary>
internal sealed class ClientKeys
{
    private readonly FrozenDictionary<string, Entry> _byHash;

    public ClientKeys(IOptions<AuthOptions> options, IConfiguration configuration, TimeProvider time)
    {
        var auth = options.Value;
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var plain = (configuration[AuthOptions.ApiKeysVariable] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < plain.Length; i++)
            entries[Hash(plain[i])] = new Entry($"env-key-{i + 1}", new KeyLimiter(auth.RequestsPerMinute, auth.TokensPerMinute, time), auth.TrainingMode);
        foreach (var key in auth.ApiKeys.Where(k => k.Sha256.Length > 0))
            entries[key.Sha256.ToLowerInvariant()] = new Entry(key.Name.Length > 0 ? key.Name : key.Sha256[..8],
                new KeyLimiter(key.RequestsPerMinute ?? auth.RequestsPerMinute, key.TokensPerMinute ?? auth.TokensPerMinute, time),
                key.TrainingMode ?? auth.TrainingMode);
        _byHash = entries.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public bool Required => _byHash.Count > 0;

    /// <summary>The key's entry, from an <c>Authorization: Bearer …</c> header value; null when not a known key.</summary>
    internal Entry? Find(string? authorization)
    {
        return BearerToken.From(authorization) is { } token ? _byHash.GetValueOrDefault(Hash(token)) : null;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A known key: its owner's name (never the key), its limits, and whether it may ask for training mode.</summary>
    internal sealed record Entry(string Name, KeyLimiter Limiter, bool TrainingMode);
}
