using System.Text;

namespace SemanticRouter.Routing.Tokenization;

/// <summary>
/// A BERT tokenizer (BasicTokenizer + WordPiece) that produces the ids Hugging Face's BertTokenizer produces for the
/// same vocab.txt and casing: token for token against @huggingface/transformers (see training/tokenizer/ and the
/// golden tests). Immutable and thread-safe; encoding into spans allocates nothing but pooled buffers.
/// </summary>
/// <remarks>
/// Like Hugging Face's tokenizers, the special tokens written literally in a text ("[MASK]", "[SEP]", case-sensitive)
/// are taken as those tokens.
/// </remarks>
public sealed class BertTokenizer
{
    /// <summary>Hugging Face's default for words that become [UNK] as a whole (in code points).</summary>
    public const int DefaultMaxInputCharsPerWord = 100;

    private static readonly string[] SpecialTokenNames = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;
    private readonly BasicTokenizer _basic;
    private readonly WordPieceTokenizer _wordPiece;

    internal BertTokenizer(
        IReadOnlyList<string> vocab,
        bool lowerCase,
        bool stripAccents,
        int maxInputCharsPerWord = DefaultMaxInputCharsPerWord,
        int chunkChars = BasicTokenizer.DefaultChunkChars)
    {
        _tokens = [.. vocab];
        _ids = new Dictionary<string, int>(_tokens.Length, StringComparer.Ordinal);
        for (int id = 0; id < _tokens.Length; id++)
        {
            _ids[_tokens[id]] = id; // a repeated token keeps its last id, as Hugging Face's load_vocab
        }
        PadId = RequiredId("[PAD]");
        UnkId = RequiredId("[UNK]");
        ClsId = RequiredId("[CLS]");
        SepId = RequiredId("[SEP]");
        (string, int)[] specialTokens = [.. SpecialTokenNames.Where(_ids.ContainsKey).Select(t => (t, _ids[t]))];
        _basic = new BasicTokenizer(lowerCase, stripAccents, specialTokens, chunkChars);
        _wordPiece = new WordPieceTokenizer(_ids, UnkId, maxInputCharsPerWord);
    }

    public int PadId { get; }

    public int UnkId { get; }

    public int ClsId { get; }

    public int SepId { get; }

    public int VocabSize => _tokens.Length;

    public bool LowerCase => _basic.LowerCase;

    public bool StripAccents => _basic.StripAccents;

    /// <summary>
    /// Loads a vocab.txt (UTF-8, one token per line, id = line number). <paramref name="stripAccents"/> defaults to
    /// <paramref name="lowerCase"/>, as in Hugging Face's BertTokenizer. [PAD], [UNK], [CLS] and [SEP] must be there.
    /// </summary>
    public static BertTokenizer FromVocabFile(
        string path, bool lowerCase, bool? stripAccents = null, int maxInputCharsPerWord = DefaultMaxInputCharsPerWord)
    {
        var vocab = new List<string>();
        using (var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            while (reader.ReadLine() is { } line)
            {
                vocab.Add(line);
            }
        }
        return new BertTokenizer(vocab, lowerCase, stripAccents ?? lowerCase, maxInputCharsPerWord);
    }

    public bool TryGetId(string token, out int id) => _ids.TryGetValue(token, out id);

    public string GetToken(int id) => _tokens[id];

    /// <summary>The word pieces of a text (no [CLS]/[SEP], no truncation), e.g. ["un", "##aff", "##able"].</summary>
    public IReadOnlyList<string> Tokenize(string text)
    {
        var ids = new List<int>();
        var sink = new ListTokenSink(ids, int.MaxValue);
        Run(text, ref sink);
        return ids.ConvertAll(id => _tokens[id]);
    }

    /// <summary>
    /// [CLS] pieces [SEP] as ids, at most <paramref name="maxLength"/> of them: the pieces are cut, [CLS] and [SEP]
    /// stay. <c>int.MaxValue</c> does not truncate.
    /// </summary>
    public long[] Encode(string text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var ids = new List<int>();
        var sink = new ListTokenSink(ids, maxLength - 2);
        Run(text, ref sink);
        var result = new long[ids.Count + 2];
        result[0] = ClsId;
        for (int i = 0; i < ids.Count; i++)
        {
            result[i + 1] = ids[i];
        }
        result[^1] = SepId;
        return result;
    }

    /// <summary>
    /// Writes [CLS] pieces [SEP] (truncated as in <see cref="Encode(string, int)"/>) and its attention mask, and pads
    /// both up to <paramref name="maxLength"/> with <see cref="PadId"/> and 0. Returns the number of real tokens.
    /// </summary>
    public int Encode(string text, Span<long> inputIds, Span<long> attentionMask, int maxLength)
    {
        Require(attentionMask, maxLength);
        int count = EncodeIds(text, inputIds, maxLength);
        attentionMask[..count].Fill(1);
        attentionMask[count..maxLength].Clear();
        return count;
    }

    /// <summary>As <see cref="Encode(string, Span{long}, Span{long}, int)"/>, plus token type ids (all 0: one segment).</summary>
    public int Encode(string text, Span<long> inputIds, Span<long> attentionMask, Span<long> tokenTypeIds, int maxLength)
    {
        Require(tokenTypeIds, maxLength);
        tokenTypeIds[..maxLength].Clear();
        return Encode(text, inputIds, attentionMask, maxLength);
    }

    /// <summary>The words BasicTokenizer hands to WordPiece (special tokens in the text left out).</summary>
    internal List<string> BasicTokenize(string text)
    {
        var result = new List<string>();
        var words = _basic.EnumerateWords(text);
        try
        {
            while (words.MoveNext(out var word, out int specialId))
            {
                if (specialId < 0)
                {
                    result.Add(word.ToString());
                }
            }
        }
        finally
        {
            words.Dispose();
        }
        return result;
    }

    private int EncodeIds(string text, Span<long> inputIds, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        Require(inputIds, maxLength);
        var sink = new SpanTokenSink(inputIds[1..(maxLength - 1)]);
        Run(text, ref sink);
        int count = sink.Count + 2;
        inputIds[0] = ClsId;
        inputIds[count - 1] = SepId;
        inputIds[count..maxLength].Fill(PadId);
        return count;
    }

    private void Run<TSink>(string text, ref TSink sink)
        where TSink : ITokenSink, allows ref struct
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = _basic.EnumerateWords(text);
        try
        {
            while (words.MoveNext(out var word, out int specialId))
            {
                if (specialId >= 0 ? !sink.TryAdd(specialId) : !_wordPiece.Tokenize(word, ref sink))
                {
                    return;
                }
            }
        }
        finally
        {
            words.Dispose();
        }
    }

    private int RequiredId(string token) =>
        _ids.TryGetValue(token, out int id) ? id : throw new InvalidDataException($"The vocab has no {token} token.");

    private static void Require(Span<long> destination, int maxLength)
    {
        if (destination.Length < maxLength)
        {
            throw new ArgumentException($"The span holds {destination.Length} values; maxLength is {maxLength}.");
        }
    }
}
