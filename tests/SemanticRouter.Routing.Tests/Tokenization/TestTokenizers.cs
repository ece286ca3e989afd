using SemanticRouter.Routing.Tokenization;

namespace SemanticRouter.Routing.Tests.Tokenization;

/// <summary>Small in-memory vocabularies for behaviour tests, and the golden vocab for property tests.</summary>
internal static class TestTokenizers
{
    public static readonly string[] Specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    /// <summary>The special tokens (ids 0-4: [PAD] [UNK] [CLS] [SEP] [MASK]) followed by <paramref name="tokens"/>.</summary>
    public static BertTokenizer Create(bool lowerCase, params string[] tokens) =>
        Create(lowerCase, lowerCase, tokens);

    public static BertTokenizer Create(bool lowerCase, bool stripAccents, params string[] tokens) =>
        new([.. Specials, .. tokens], lowerCase, stripAccents);

    /// <summary>A vocab.txt with <paramref name="content"/> in a temporary file, deleted on dispose.</summary>
    public static TempVocab WriteVocab(string content) => new(content);

    public static TempVocab WriteVocab(params string[] lines) => new(string.Join('\n', lines) + "\n");

    public static BertTokenizer Golden(bool lowerCase, int chunkChars = 1024)
    {
        var vocab = File.ReadAllLines(GoldenVectors.VocabFile);
        return new BertTokenizer(vocab, lowerCase, lowerCase, chunkChars: chunkChars);
    }
}

internal sealed class TempVocab : IDisposable
{
    public TempVocab(string content)
    {
        Path = System.IO.Path.GetTempFileName();
        File.WriteAllText(Path, content);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
