using System.Security.Cryptography;
using System.Text;

namespace SemanticRouter.Training;

/// <summary>
/// A fixed hash split by question: a question is held out when the SHA-256 of (salt, text) falls in the first
/// <c>fraction</c> of the hash space. The same question is always on the same side, whatever else was recorded.
/// </summary>
public static class Split
{
    public static bool IsHeldOut(string question, string salt, double fraction)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(salt + "\n" + question));
        return BitConverter.ToUInt32(hash, 0) < fraction * uint.MaxValue;
    }
}
