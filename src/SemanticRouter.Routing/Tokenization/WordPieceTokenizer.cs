namespace SemanticRouter.Routing.Tokenization;

/// <summary>
/// Greedy longest-match-first WordPiece: a word becomes the longest vocabulary entry it starts with, then the longest
/// <c>##</c> entry the rest starts with, and so on; a word that cannot be covered, or that is longer than
/// <c>maxInputCharsPerWord</c> code points, becomes [UNK] as a whole.
/// </summary>
internal sealed class WordPieceTokenizer
{
    private const string ContinuationPrefix = "##";

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _starts;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _continuations;
    private readonly int _longestEntry;
    private readonly int _maxInputCharsPerWord;
    private readonly int _unkId;

    /// <param name="ids">Every vocabulary entry and its id.</param>
    public WordPieceTokenizer(Dictionary<string, int> ids, int unkId, int maxInputCharsPerWord)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInputCharsPerWord, 1);
        var continuations = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (token, id) in ids)
        {
            if (token.StartsWith(ContinuationPrefix, StringComparison.Ordinal))
            {
                continuations[token[ContinuationPrefix.Length..]] = id;
            }
            _longestEntry = Math.Max(_longestEntry, token.Length);
        }
        _starts = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        _continuations = continuations.GetAlternateLookup<ReadOnlySpan<char>>();
        _unkId = unkId;
        _maxInputCharsPerWord = maxInputCharsPerWord;
    }

    /// <summary>Adds the pieces of one word; false when the sink filled up.</summary>
    public bool Tokenize<TSink>(ReadOnlySpan<char> word, ref TSink sink)
        where TSink : ITokenSink, allows ref struct
    {
        if (word.Length > _maxInputCharsPerWord && CodePoints(word) > _maxInputCharsPerWord)
        {
            return sink.TryAdd(_unkId);
        }

        Span<int> pieces = word.Length <= 256 ? stackalloc int[word.Length] : new int[word.Length];
        int count = 0;
        for (int start = 0; start < word.Length; count++)
        {
            int end = Math.Min(word.Length, start + _longestEntry);
            int id = 0;
            for (; end > start; end--)
            {
                if (end < word.Length && char.IsLowSurrogate(word[end]))
                {
                    continue; // a piece never splits a surrogate pair
                }
                var candidate = word[start..end];
                if (start == 0 ? _starts.TryGetValue(candidate, out id) : _continuations.TryGetValue(candidate, out id))
                {
                    break;
                }
            }
            if (end == start)
            {
                return sink.TryAdd(_unkId);
            }
            pieces[count] = id;
            start = end;
        }

        foreach (int id in pieces[..count])
        {
            if (!sink.TryAdd(id))
            {
                return false;
            }
        }
        return true;
    }

    private static int CodePoints(ReadOnlySpan<char> word)
    {
        int count = word.Length;
        foreach (char c in word)
        {
            if (char.IsLowSurrogate(c))
            {
                count--; // normalised text holds no lone surrogates
            }
        }
        return count;
    }
}
