using System.Globalization;
using System.Text;

namespace SemanticRouter.Routing.Tokenization;

/// <summary>
/// The character classes of BERT's BasicTokenizer, as the reference (Hugging Face's BertNormalizer and
/// BertPreTokenizer in @huggingface/transformers) defines them. Categories come from .NET's Unicode tables, so a
/// character assigned after the Unicode version of the running .NET may be classed differently than the reference.
/// </summary>
internal static class BertCharacters
{
    private const byte Word = 0, Punctuation = 1, Space = 2, Removed = 3;

    // ASCII: controls other than \t \n \r are removed; \t \n \r and ' ' become spaces; 33-47, 58-64, 91-96 and
    // 123-126 are punctuation; the rest (letters, digits) belong to words.
    private static ReadOnlySpan<byte> AsciiClasses =>
    [
        3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 3, 3, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
        2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1,
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 3,
    ];

    /// <summary>Removed by text cleaning: U+0000, U+FFFD and categories Cc, Cf, Co, Cs, except \t \n \r.</summary>
    public static bool IsRemoved(Rune rune)
    {
        if (rune.IsAscii)
        {
            return AsciiClasses[rune.Value] == Removed;
        }
        return rune.Value == 0xFFFD || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control
            or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;
    }

    /// <summary>JavaScript's <c>\s</c>, the whitespace of the reference (only the ones text cleaning keeps matter).</summary>
    public static bool IsWhitespace(int codePoint) => codePoint switch
    {
        <= 0x7F => AsciiClasses[codePoint] == Space || codePoint is 0x0B or 0x0C,
        0xA0 or 0x1680 or (>= 0x2000 and <= 0x200A) or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 or 0xFEFF => true,
        _ => false,
    };

    /// <summary>A character that text cleaning turns into a space: a word boundary in any context.</summary>
    public static bool BecomesSpace(char c) => c < 0x80 ? AsciiClasses[c] == Space : IsWhitespace(c) && c != '\uFEFF';

    /// <summary>
    /// A raw character that ends the word before it and starts no word with what follows, whatever surrounds it:
    /// one that becomes a space, a CJK ideograph (padded with spaces), or ASCII punctuation (a word of its own).
    /// </summary>
    public static bool IsWordBoundary(char c) =>
        c < 0x80 ? AsciiClasses[c] is Space or Punctuation : BecomesSpace(c) || IsCjk(c);

    /// <summary>
    /// BERT's CJK ranges as the reference applies them: to UTF-16 code units, so only the BMP ranges (Unified
    /// Ideographs, Extension A, Compatibility Ideographs) count. Python's and Rust's BERT tokenizers also treat the
    /// supplementary-plane extensions (B–F, compatibility supplement) as CJK; the reference does not.
    /// </summary>
    public static bool IsCjk(int codePoint) =>
        codePoint is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0xF900 and <= 0xFAFF);

    /// <summary>ASCII 33-47, 58-64, 91-96, 123-126 and every Unicode punctuation category (P*).</summary>
    public static bool IsPunctuation(Rune rune) => rune.IsAscii
        ? AsciiClasses[rune.Value] == Punctuation
        : Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;

    /// <summary>How a normalised character takes part in splitting: space, punctuation (a word of its own) or word.</summary>
    public static WordClass Classify(ReadOnlySpan<char> text, int index, out int length)
    {
        char c = text[index];
        if (c < 0x80)
        {
            length = 1;
            return (WordClass)Math.Min(AsciiClasses[c], Space);
        }
        Rune.DecodeFromUtf16(text[index..], out Rune rune, out length);
        return IsWhitespace(rune.Value) ? WordClass.Space
            : IsPunctuation(rune) ? WordClass.Punctuation
            : WordClass.Word;
    }

    /// <summary>Unicode's Cased property (used for the final sigma), as far as ICU's lower-casing applies it.</summary>
    public static bool IsCased(Rune rune) => rune.Value switch
    {
        // Other_Lowercase / Other_Uppercase outside the letter categories.
        0xAA or 0xBA or (>= 0x2160 and <= 0x217F) or (>= 0x24B6 and <= 0x24E9) => true,
        (>= 0x1F130 and <= 0x1F149) or (>= 0x1F150 and <= 0x1F169) or (>= 0x1F170 and <= 0x1F189) => true,
        0x0295 => false, // Ll in .NET's tables, not cased for the reference's ICU
        _ => Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter,
    };

    /// <summary>Unicode's Case_Ignorable property: marks, format characters, modifiers, and the mid-word punctuation of word breaking.</summary>
    public static bool IsCaseIgnorable(Rune rune) => rune.Value switch
    {
        0x27 or 0x2E or 0x3A or 0xB7 or 0x387 or 0x55F or 0x5F4 or 0x2018 or 0x2019 or 0x2024 or 0x2027 => true,
        0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A => true,
        _ => Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol,
    };
}
