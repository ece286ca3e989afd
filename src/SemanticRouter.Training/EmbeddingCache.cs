using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using SemanticRouter.Routing.Encoders;

namespace SemanticRouter.Training;

/// <summary>
/// Embeddings by question text and encoder version, kept in <c>&lt;data-dir&gt;/cache/embeddings-&lt;encoder&gt;.bin</c>
/// (records of a 32-byte SHA-256 of the text, then the floats), so a retrain only encodes new questions.
/// </summary>
public sealed class EmbeddingCache(string dataDir, OnnxEncoder encoder)
{
    private string FilePath => Path.Combine(dataDir, "cache", $"embeddings-{encoder.Version}-{encoder.Dimension}.bin");

    /// <summary>How many questions the last <see cref="Get"/> had to encode, and how fast.</summary>
    public (int Encoded, double PerSecond) LastRun { get; private set; }

    public float[][] Get(IReadOnlyList<string> texts)
    {
        var dim = encoder.Dimension;
        var known = Read(dim);
        var keys = texts.Select(Key).ToArray();
        var missing = Enumerable.Range(0, texts.Count).Where(i => !known.ContainsKey(keys[i])).DistinctBy(i => keys[i]).ToList();
        var clock = Stopwatch.StartNew();
        var fresh = new float[missing.Count][];
        Parallel.For(0, missing.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, j =>
        {
            fresh[j] = new float[dim];
            encoder.Embed(texts[missing[j]], fresh[j]);
        });
        LastRun = (missing.Count, missing.Count == 0 ? 0 : missing.Count / clock.Elapsed.TotalSeconds);
        if (missing.Count > 0)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            using var file = new FileStream(FilePath, FileMode.Append, FileAccess.Write);
            for (var j = 0; j < missing.Count; j++)
            {
                known[keys[missing[j]]] = fresh[j];
                file.Write(Convert.FromHexString(keys[missing[j]]));
                file.Write(MemoryMarshal.AsBytes(fresh[j].AsSpan()));
            }
        }
        return keys.Select(k => known[k]).ToArray();
    }

    private Dictionary<string, float[]> Read(int dim)
    {
        var known = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (!File.Exists(FilePath)) return known;
        var bytes = File.ReadAllBytes(FilePath);
        var record = 32 + 4 * dim;
        for (var offset = 0; offset + record <= bytes.Length; offset += record) // a torn last record is ignored
            known[Convert.ToHexString(bytes, offset, 32)] = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(offset + 32, 4 * dim)).ToArray();
        return known;
    }

    private static string Key(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
