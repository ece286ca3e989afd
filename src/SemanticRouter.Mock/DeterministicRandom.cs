using System.Text;

namespace SemanticRouter.Mock;

/// <summary>
/// Pseudo-random numbers that depend only on their key (FNV-1a, then a SplitMix64 finaliser), so the same
/// question and model always get the same noise, in every process and on every machine.
/// </summary>
public static class DeterministicRandom
{
    /// <summary>A uniform number in (0, 1).</summary>
    public static double Uniform(string key)
    {
        var bits = Mix(Fnv1a(key)) >> 11; // 53 bits
        return (bits + 0.5) / (1UL << 53);
    }

    /// <summary>A standard normal number (Box-Muller over two independent uniforms).</summary>
    public static double Normal(string key)
    {
        var u1 = Uniform(key + "\u0001a");
        var u2 = Uniform(key + "\u0001b");
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static ulong Fnv1a(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
