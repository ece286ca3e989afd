using FsCheck;
using FsCheck.Fluent;
using SemanticRouter.Routing.Tokenization;

namespace SemanticRouter.Routing.Tests.Tokenization;

/// <summary>Properties over texts built from the characters that stress BERT tokenization, on the golden vocab.</summary>
public sealed class BertTokenizerProperties
{
    private static readonly string[] Atoms =
    [
        "the", "Hello", "PYTHON", "unaffable", "x", "42", ".", ",", "!?", "$$", "[", "]", "[MASK]", "[SEP]", "[CLS",
        " ", "  ", "\t", "\r\n", "\u00A0", "\u3000", "\u2028", "中", "国人", "丽", "𠀀", "é", "e\u0301", "\u0301",
        "\u0308\u0323", "Å", "\u212B", "ǅ", "Σ", "ΑΣ", "ς", "İ", "ß", "😀", "👍🏽", "👨‍👩‍👧", "\u0000", "\u0007", "\u200B",
        "\uFFFD", "\uFEFF", "\u00AD", "\uD800", "\uDC00", "\uFFFE", "한", "مرحبا", "ｆｕｌｌ", "≤", "∫", "ᾂ", "\u1FEF",
    ];

    private static readonly Arbitrary<string> Texts = Gen.OneOf(
            Gen.Elements(Atoms),
            ArbMap.Default.GeneratorFor<char>().Select(c => c.ToString()))
        .ListOf()
        .Select(parts => string.Concat(parts))
        .ToArbitrary();

    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300).WithEndSize(400);

    private static readonly BertTokenizer Uncased = TestTokenizers.Golden(lowerCase: true);
    private static readonly BertTokenizer Cased = TestTokenizers.Golden(lowerCase: false);

    [Fact]
    public void Normalising_in_small_chunks_changes_nothing()
    {
        var tinyChunks = new[] { TestTokenizers.Golden(true, chunkChars: 1), TestTokenizers.Golden(false, chunkChars: 3) };
        Check.One(Quick, Prop.ForAll(Texts, text =>
            tinyChunks[0].BasicTokenize(text).SequenceEqual(Uncased.BasicTokenize(text))
            && tinyChunks[0].Encode(text, int.MaxValue).SequenceEqual(Uncased.Encode(text, int.MaxValue))
            && tinyChunks[1].Encode(text, int.MaxValue).SequenceEqual(Cased.Encode(text, int.MaxValue))));
    }

    [Fact]
    public void A_space_separates_tokenizations() =>
        Check.One(Quick, Prop.ForAll(Texts, Texts, (a, b) =>
            Uncased.Tokenize(a + " " + b).SequenceEqual(Uncased.Tokenize(a).Concat(Uncased.Tokenize(b)))
            && Cased.Tokenize(a + " " + b).SequenceEqual(Cased.Tokenize(a).Concat(Cased.Tokenize(b)))));

    [Fact]
    public void Truncation_keeps_a_prefix_of_the_pieces_between_cls_and_sep() =>
        Check.One(Quick, Prop.ForAll(Texts, Gen.Choose(2, 40).ToArbitrary(), (text, maxLength) =>
        {
            var full = Uncased.Encode(text, int.MaxValue);
            var truncated = Uncased.Encode(text, maxLength);
            var ids = new long[maxLength];
            var mask = new long[maxLength];
            int count = Uncased.Encode(text, ids, mask, maxLength);
            long[] expected = [full[0], .. full[1..^1].Take(maxLength - 2), full[^1]];
            return truncated.SequenceEqual(expected)
                && ids[..count].SequenceEqual(expected)
                && mask.Sum() == count;
        }));

    [Fact]
    public void Pieces_are_the_ids_between_cls_and_sep() =>
        Check.One(Quick, Prop.ForAll(Texts, text =>
            Cased.Tokenize(text).SequenceEqual(Cased.Encode(text, int.MaxValue)[1..^1].Select(id => Cased.GetToken((int)id)))));
}
