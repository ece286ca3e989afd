using System.Security.Cryptography;
using System.Text.Json;
using SemanticRouter.Routing.Tokenization;

namespace SemanticRouter.Routing.Tests.Tokenization;

/// <summary>
/// A golden file made by training/tokenizer/make-golden.mjs with the reference tokenizer
/// (@huggingface/transformers): its configuration and, per case, the text, the reference's words and ids.
/// </summary>
internal sealed record GoldenVectors(
    string Reference, string VocabPath, bool LowerCase, int MaxLength, IReadOnlyList<GoldenCase> Cases)
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Tokenization", "golden");

    public static string VocabFile => Path.Combine(Directory, "vocab.txt");

    public static GoldenVectors Load(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, file)));
        var root = document.RootElement;
        var vocab = Path.Combine(Directory, root.GetProperty("vocab").GetString()!);
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(vocab)));
        Assert.True(sha == root.GetProperty("vocabSha256").GetString(), $"{file} was made from another {vocab}");
        Assert.Equal(JsonValueKind.Null, root.GetProperty("stripAccents").ValueKind);
        var cases = root.GetProperty("cases").EnumerateArray().Select(c => new GoldenCase(
            c.GetProperty("name").GetString()!,
            c.TryGetProperty("text", out var text)
                ? text.GetString()!
                : new string([.. c.GetProperty("utf16").EnumerateArray().Select(u => (char)u.GetInt32())]),
            [.. c.GetProperty("words").EnumerateArray().Select(w => w.GetString()!)],
            [.. c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt64())],
            [.. c.GetProperty("ids128").EnumerateArray().Select(i => i.GetInt64())])).ToList();
        return new GoldenVectors(
            root.GetProperty("reference").GetString()!, vocab, root.GetProperty("lowercase").GetBoolean(),
            root.GetProperty("maxLength").GetInt32(), cases);
    }

    /// <summary>The tokenizer this file's configuration describes (strip accents following lower-case).</summary>
    public BertTokenizer CreateTokenizer() => BertTokenizer.FromVocabFile(VocabPath, LowerCase);
}

internal sealed record GoldenCase(string Name, string Text, string[] Words, long[] Ids, long[] Ids128);
