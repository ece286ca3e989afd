using System.Buffers;
using System.Text;

namespace SemanticRouter.Routing.Tokenization;

/// <summary>
/// BERT's BasicTokenizer, as the reference's BertNormalizer + BertPreTokenizer do it: drop control characters,
/// U+0000 and U+FFFD; turn whitespace into spaces; put spaces around CJK ideographs; lower-case (full Unicode
/// mapping: İ → i̇, final Σ → ς); strip accents (NFD, then drop nonspacing marks); split on whitespace and make each
/// punctuation character a word of its own. Special tokens written in the text ("[MASK]") are kept whole, as
/// Hugging Face's tokenizers keep added tokens, and the text between them is normalised piece by piece.
/// </summary>
/// <remarks>
/// Text is normalised a chunk at a time into pooled buffers, so a caller that stops early (truncation) never
/// normalises the rest of a long text. A chunk ends just before a character that becomes a space, a CJK ideograph
/// or ASCII punctuation: word boundaries whatever surrounds them, and NFD starters, so chunks normalise independently.
/// </remarks>
internal sealed class BasicTokenizer(
    bool lowerCase, bool stripAccents, (string Token, int Id)[] specialTokens, int chunkChars = BasicTokenizer.DefaultChunkChars)
{
    /// <summary>Characters of text normalised at a time (more when no boundary follows them).</summary>
    internal const int DefaultChunkChars = 1024;

    public bool LowerCase => lowerCase;

    public bool StripAccents => stripAccents;

    /// <summary>The words and special tokens of a text; call <see cref="WordEnumerator.Dispose"/> to return its buffers.</summary>
    public WordEnumerator EnumerateWords(ReadOnlySpan<char> text) => new(this, text);

    /// <summary>Clean, pad CJK and lower-case text[start..end] into <paramref name="destination"/> (3 chars per char at most).</summary>
    private int Clean(ReadOnlySpan<char> text, int start, int end, Span<char> destination)
    {
        int written = 0;
        for (int i = start; i < end;)
        {
            char c = text[i];
            if (c < 0x80)
            {
                i++;
                if (BertCharacters.BecomesSpace(c))
                {
                    destination[written++] = ' ';
                }
                else if (!BertCharacters.IsRemoved(new Rune(c)))
                {
                    destination[written++] = lowerCase && char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
                }
                continue;
            }

            if (BertCharacters.IsCjk(c))
            {
                i++;
                destination[written++] = ' ';
                destination[written++] = c;
                destination[written++] = ' ';
                continue;
            }

            int at = i;
            bool valid = Rune.DecodeFromUtf16(text[i..end], out Rune rune, out int used) == OperationStatus.Done;
            i += Math.Max(used, 1);
            if (!valid || BertCharacters.IsRemoved(rune))
            {
                continue; // a lone surrogate is category Cs: removed like the other controls
            }
            if (BertCharacters.IsWhitespace(rune.Value))
            {
                destination[written++] = ' ';
            }
            else if (lowerCase && rune.Value == 0x130)
            {
                destination[written++] = 'i'; // İ lower-cases to i + COMBINING DOT ABOVE (SpecialCasing.txt)
                destination[written++] = '\u0307';
            }
            else
            {
                if (lowerCase)
                {
                    rune = rune.Value == 0x3A3 && IsFinalSigma(text, at, i) ? new Rune(0x3C2) : Rune.ToLowerInvariant(rune);
                }
                written += rune.EncodeToUtf16(destination[written..]);
            }
        }
        return written;
    }

    /// <summary>Σ at the end of a word (a cased letter before it, none after it, case-ignorables skipped) becomes ς.</summary>
    private static bool IsFinalSigma(ReadOnlySpan<char> text, int sigma, int after) =>
        HasCasedNeighbour(text[..sigma], backward: true) && !HasCasedNeighbour(text[after..], backward: false);

    private static bool HasCasedNeighbour(ReadOnlySpan<char> text, bool backward)
    {
        while (!text.IsEmpty)
        {
            var status = backward
                ? Rune.DecodeLastFromUtf16(text, out Rune rune, out int used)
                : Rune.DecodeFromUtf16(text, out rune, out used);
            text = backward ? text[..^used] : text[used..];
            // Characters that cleaning removes are not there when the reference lower-cases.
            if (status == OperationStatus.Done && !BertCharacters.IsRemoved(rune) && !BertCharacters.IsCaseIgnorable(rune))
            {
                return BertCharacters.IsCased(rune);
            }
        }
        return false;
    }

    /// <summary>NFD of <paramref name="source"/> into <paramref name="destination"/> (grown if needed).</summary>
    private static int Decompose(ReadOnlySpan<char> source, ref char[] destination)
    {
        // .NET's normalisation rejects the noncharacter U+FFFE, which cleaning keeps: decompose around it
        // (it has no decomposition and is a starter, so this changes nothing else).
        int written = 0;
        while (true)
        {
            int stop = source.IndexOf('\uFFFE');
            var segment = stop < 0 ? source : source[..stop];
            if (segment.IsNormalized(NormalizationForm.FormD))
            {
                Ensure(ref destination, written, written + segment.Length + 1);
                segment.CopyTo(destination.AsSpan(written));
                written += segment.Length;
            }
            else
            {
                int length;
                while (!segment.TryNormalize(destination.AsSpan(written), out length, NormalizationForm.FormD))
                {
                    Ensure(ref destination, written, written + segment.GetNormalizedLength(NormalizationForm.FormD) + 1);
                }
                written += length;
                Ensure(ref destination, written, written + 1);
            }
            if (stop < 0)
            {
                return written;
            }
            destination[written++] = '\uFFFE';
            source = source[(stop + 1)..];
        }
    }

    /// <summary>Drops the nonspacing marks (category Mn) in place; returns the new length.</summary>
    private static int RemoveNonspacingMarks(Span<char> text)
    {
        int written = 0;
        for (int i = 0; i < text.Length;)
        {
            if (text[i] < '\u0300')
            {
                text[written++] = text[i++]; // no marks below U+0300
                continue;
            }
            Rune.DecodeFromUtf16(text[i..], out Rune rune, out int used);
            if (Rune.GetUnicodeCategory(rune) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                text.Slice(i, used).CopyTo(text[written..]);
                written += used;
            }
            i += used;
        }
        return written;
    }

    /// <summary>Grows a pooled buffer to <paramref name="size"/>, keeping its first <paramref name="keep"/> chars.</summary>
    private static void Ensure(ref char[] buffer, int keep, int size)
    {
        if (buffer.Length >= size)
        {
            return;
        }
        var larger = ArrayPool<char>.Shared.Rent(size);
        buffer.AsSpan(0, keep).CopyTo(larger);
        if (buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
        buffer = larger;
    }

    private int ChunkEnd(ReadOnlySpan<char> text, int start)
    {
        if (text.Length - start <= chunkChars)
        {
            return text.Length;
        }
        for (int i = start + chunkChars; i < text.Length; i++)
        {
            if (BertCharacters.IsWordBoundary(text[i]))
            {
                return i;
            }
        }
        return text.Length;
    }

    /// <summary>
    /// The leftmost special token written in <paramref name="text"/> (the longest one there), as Hugging Face splits
    /// on added tokens: exact match, before any normalisation. Returns its index, or -1.
    /// </summary>
    private int FindSpecialToken(ReadOnlySpan<char> text, out int length, out int id)
    {
        length = 0;
        id = -1;
        for (int at = text.IndexOf('['); at >= 0;)
        {
            foreach (var (token, tokenId) in specialTokens)
            {
                if (token.Length > length && text[at..].StartsWith(token, StringComparison.Ordinal))
                {
                    (length, id) = (token.Length, tokenId);
                }
            }
            if (length > 0)
            {
                return at;
            }
            int next = text[(at + 1)..].IndexOf('[');
            at = next < 0 ? -1 : at + 1 + next;
        }
        return -1;
    }

    /// <summary>
    /// The words of one text, chunk by chunk, and the special tokens written in it. Not copyable in use: keep it in
    /// one local and dispose it.
    /// </summary>
    public ref struct WordEnumerator
    {
        private readonly BasicTokenizer _owner;
        private readonly ReadOnlySpan<char> _text;
        private int _sectionStart;   // the text between special tokens is normalised on its own
        private int _sectionEnd;
        private int _specialLength;  // the special token at _sectionEnd, if any
        private int _specialId;
        private int _next;           // where the next chunk starts, relative to the section
        private char[] _chunk = [];
        private char[] _scratch = [];
        private int _length;
        private int _position;

        internal WordEnumerator(BasicTokenizer owner, ReadOnlySpan<char> text)
        {
            _owner = owner;
            _text = text;
            StartSection(0);
        }

        /// <summary>
        /// The next word (valid until the next call), or a special token: then <paramref name="specialId"/> is its id
        /// (-1 for a word).
        /// </summary>
        public bool MoveNext(out ReadOnlySpan<char> word, out int specialId)
        {
            specialId = -1;
            while (!NextInChunk(out word))
            {
                if (_sectionStart + _next < _sectionEnd)
                {
                    FillChunk();
                }
                else if (_specialId >= 0)
                {
                    specialId = _specialId;
                    StartSection(_sectionEnd + _specialLength);
                    return true;
                }
                else
                {
                    return false;
                }
            }
            return true;
        }

        public void Dispose()
        {
            Return(ref _chunk);
            Return(ref _scratch);
        }

        private void StartSection(int start)
        {
            int at = _owner.FindSpecialToken(_text[start..], out _specialLength, out _specialId);
            _sectionStart = start;
            _sectionEnd = at < 0 ? _text.Length : start + at;
            _next = 0;
            _length = 0;
            _position = 0;
        }

        private bool NextInChunk(out ReadOnlySpan<char> word)
        {
            var text = _chunk.AsSpan(0, _length);
            int i = _position;
            while (i < text.Length)
            {
                var kind = BertCharacters.Classify(text, i, out int used);
                if (kind == WordClass.Space)
                {
                    i += used;
                    continue;
                }
                int start = i;
                i += used;
                if (kind == WordClass.Word)
                {
                    while (i < text.Length && BertCharacters.Classify(text, i, out used) == WordClass.Word)
                    {
                        i += used;
                    }
                }
                word = text[start..i];
                _position = i;
                return true;
            }
            _position = i;
            word = default;
            return false;
        }

        private void FillChunk()
        {
            var section = _text[_sectionStart.._sectionEnd];
            int start = _next;
            _next = _owner.ChunkEnd(section, start);
            Ensure(ref _chunk, 0, 3 * (_next - start));
            _length = _owner.Clean(section, start, _next, _chunk);
            _position = 0;
            var cleaned = _chunk.AsSpan(0, _length);
            // Nothing below U+00C0 has a canonical decomposition or is a mark: most chunks skip NFD.
            if (_owner.StripAccents && cleaned.ContainsAnyExceptInRange('\0', '\u00BF'))
            {
                Ensure(ref _scratch, 0, _length + 16);
                int decomposed = Decompose(cleaned, ref _scratch);
                (_chunk, _scratch) = (_scratch, _chunk);
                _length = RemoveNonspacingMarks(_chunk.AsSpan(0, decomposed));
            }
        }

        private static void Return(ref char[] buffer)
        {
            if (buffer.Length > 0)
            {
                ArrayPool<char>.Shared.Return(buffer);
                buffer = [];
            }
        }
    }
}
