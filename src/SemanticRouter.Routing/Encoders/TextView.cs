using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SemanticRouter.Routing.Encoders;

/// <summary>
/// A second view of one signal head (the shipped encoder's: domain) that reads characters, not tokens: hashed
/// character 1–3-grams (log term frequency × idf, unit length) and a multinomial logistic regression, trained with
/// the encoder by <c>training/encoder/text_view.py</c>. Its probabilities are averaged with the encoder head's:
/// the two err on different questions (measured in <c>models/encoder/README.md</c>).
/// Features must match the trainer's exactly: whitespace runs become one space, the text is padded with one space
/// on each side, UTF-16 units are lower-cased one at a time, FNV-1a over the units of each n-gram.
/// </summary>
public sealed class TextView
{
    /// <summary>Only the start of a long prompt is read, as the encoder reads only its first tokens.</summary>
    public const int MaxUnits = 4096;

    private readonly float[] _idf;
    private readonly float[] _weight;
    private readonly float[] _bias;

    private TextView(TextViewFile file, float[] idf, float[] weight, float[] bias, string fingerprint)
    {
        Fingerprint = fingerprint;
        Head = file.Head;
        Buckets = file.Buckets;
        MaxN = file.MaxN;
        LabelCount = file.Labels.Count;
        _idf = idf;
        _weight = weight;
        _bias = bias;
    }

    /// <summary>The name of the signal head this view speaks for.</summary>
    public string Head { get; }
    public int Buckets { get; }
    public int MaxN { get; }
    public int LabelCount { get; }

    /// <summary>Six hex digits of the SHA-256 of the view's two files: part of the encoder version.</summary>
    public string Fingerprint { get; }

    public static TextView Load(string jsonPath)
    {
        var json = File.ReadAllBytes(jsonPath);
        var file = JsonSerializer.Deserialize(json, RoutingJsonContext.Default.TextViewFile)
                   ?? throw new InvalidDataException($"{jsonPath} is empty.");
        if (file.Buckets <= 0 || file.MaxN <= 0 || file.Labels.Count == 0)
            throw new InvalidDataException($"{jsonPath}: buckets, max_n and labels must be set.");
        var blobPath = Path.Combine(Path.GetDirectoryName(jsonPath)!, file.File);
        var blob = File.ReadAllBytes(blobPath);
        var labels = file.Labels.Count;
        var expected = 4L * (file.Buckets + labels * file.Buckets + labels);
        if (blob.Length != expected)
            throw new InvalidDataException($"{blobPath}: {blob.Length} bytes, expected {expected} for {file.Buckets} buckets and {labels} labels.");
        var floats = new float[blob.Length / 4];
        for (var i = 0; i < floats.Length; i++) floats[i] = BinaryPrimitives.ReadSingleLittleEndian(blob.AsSpan(4 * i));
        var fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. json, .. blob]))[..6];
        return new TextView(file, floats[..file.Buckets], floats[file.Buckets..(file.Buckets * (1 + labels))], floats[(file.Buckets * (1 + labels))..], fingerprint);
    }

    /// <summary>Writes the view's probabilities for <paramref name="text"/> (length <see cref="LabelCount"/>).</summary>
    public void Write(string text, Span<float> probabilities)
    {
        var units = ArrayPool<char>.Shared.Rent(Math.Min(text.Length, MaxUnits) + 2);
        var hashes = ArrayPool<int>.Shared.Rent(MaxN * (Math.Min(text.Length, MaxUnits) + 2));
        try
        {
            var length = Normalize(text, units);
            var count = Hash(units.AsSpan(0, length), hashes);
            var bucketsSeen = hashes.AsSpan(0, count);
            bucketsSeen.Sort();
            Score(bucketsSeen, probabilities);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(units);
            ArrayPool<int>.Shared.Return(hashes);
        }
    }

    private static int Normalize(string text, char[] into)
    {
        var n = 0;
        into[n++] = ' ';
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, MaxUnits)))
        {
            if (c is ' ' or '\t' or '\n' or '\r' or '\u3000')
            {
                if (into[n - 1] != ' ') into[n++] = ' ';
            }
            else into[n++] = char.ToLowerInvariant(c);
        }
        if (into[n - 1] != ' ') into[n++] = ' ';
        return n;
    }

    private int Hash(ReadOnlySpan<char> units, int[] into)
    {
        var count = 0;
        for (var n = 1; n <= MaxN; n++)
        for (var i = 0; i + n <= units.Length; i++)
        {
            uint hash = 2166136261;
            for (var k = 0; k < n; k++) hash = (hash ^ units[i + k]) * 16777619;
            hash = (hash ^ (uint)n) * 16777619;
            into[count++] = (int)(hash % (uint)Buckets);
        }
        return count;
    }

    /// <summary><paramref name="sorted"/> holds every n-gram's bucket, sorted, so each run is one feature and its count.</summary>
    private void Score(ReadOnlySpan<int> sorted, Span<float> probabilities)
    {
        probabilities.Clear();
        double norm = 0;
        for (var i = 0; i < sorted.Length;)
        {
            var bucket = sorted[i];
            var run = 1;
            while (i + run < sorted.Length && sorted[i + run] == bucket) run++;
            i += run;
            var value = (1 + MathF.Log(run)) * _idf[bucket];
            norm += value * value;
            for (var l = 0; l < LabelCount; l++) probabilities[l] += value * _weight[l * Buckets + bucket];
        }
        var scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0f;
        for (var l = 0; l < LabelCount; l++) probabilities[l] = probabilities[l] * scale + _bias[l];
        System.Numerics.Tensors.TensorPrimitives.SoftMax(probabilities, probabilities);
    }
}

public sealed class TextViewFile
{
    [JsonPropertyName("head")] public string Head { get; set; } = "";
    [JsonPropertyName("labels")] public List<string> Labels { get; set; } = [];
    [JsonPropertyName("buckets")] public int Buckets { get; set; }
    [JsonPropertyName("max_n")] public int MaxN { get; set; }
    [JsonPropertyName("file")] public string File { get; set; } = "text_view.bin";
}
