namespace SemanticRouter.Routing.Estimation;

/// <summary>
/// Cheap features the encoder may miss: hashed character 1–3-grams (lower-cased, log term frequency,
/// L2-normalised) and a few shape statistics (length, script, digits, code symbols, lines). Deterministic
/// across processes: the hash is FNV-1a, not <see cref="string.GetHashCode()"/>.
/// </summary>
public static class TextFeatures
{
    public const int HashBuckets = 512;
    public const int StatCount = 6;
    public const int Dimension = HashBuckets + StatCount;

    /// <summary>Writes <see cref="Dimension"/> features of <paramref name="text"/> into <paramref name="into"/>.</summary>
    public static void Write(string text, Span<float> into)
    {
        var hashed = into[..HashBuckets];
        hashed.Clear();
        for (var n = 1; n <= 3; n++)
        for (var i = 0; i + n <= text.Length; i++)
        {
            uint hash = 2166136261;
            for (var k = 0; k < n; k++) hash = (hash ^ char.ToLowerInvariant(text[i + k])) * 16777619;
            hash = (hash ^ (uint)n) * 16777619;
            hashed[(int)(hash % HashBuckets)] += 1;
        }
        double norm = 0;
        for (var i = 0; i < hashed.Length; i++)
        {
            if (hashed[i] > 0) hashed[i] = 1 + MathF.Log(hashed[i]);
            norm += hashed[i] * hashed[i];
        }
        if (norm > 0)
        {
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var i = 0; i < hashed.Length; i++) hashed[i] *= scale;
        }

        int cjk = 0, digits = 0, symbols = 0, lines = 1;
        foreach (var c in text)
        {
            if (c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf') cjk++;
            else if (char.IsAsciiDigit(c)) digits++;
            else if (c is '{' or '}' or '(' or ')' or ';' or '=' or '<' or '>' or '[' or ']' or '_' or '$' or '\\' or '^') symbols++;
            else if (c == '\n') lines++;
        }
        var length = Math.Max(1, text.Length);
        var stats = into[HashBuckets..];
        stats[0] = (float)(Math.Log(1 + text.Length) / 8);
        stats[1] = (float)cjk / length;
        stats[2] = (float)digits / length;
        stats[3] = (float)symbols / length;
        stats[4] = (float)(Math.Log(lines) / 4);
        stats[5] = text.Contains('?') || text.Contains('？') ? 1 : 0;
    }
}
