namespace SemanticRouter.Routing.Tests.Tokenization;

/// <summary>Greedy longest-match-first WordPiece over the BasicTokenizer's words.</summary>
public sealed class WordPieceTokenizerTests
{
    [Fact]
    public void Longest_match_first_with_continuation_pieces()
    {
        var tokenizer = TestTokenizers.Create(true, "un", "una", "##aff", "##able", "##a", "##ffable");
        Assert.Equal(["una", "##ffable"], tokenizer.Tokenize("unaffable"));
    }

    [Fact]
    public void Word_that_cannot_be_covered_is_a_single_unk()
    {
        var tokenizer = TestTokenizers.Create(true, "un", "##aff", "##able", "ok");
        Assert.Equal(["[UNK]", "ok"], tokenizer.Tokenize("unaffablex ok"));
    }

    [Fact]
    public void Word_longer_than_100_chars_is_unk()
    {
        var tokenizer = TestTokenizers.Create(true, "a", "##a");
        Assert.Equal(["a", .. Enumerable.Repeat("##a", 99)], tokenizer.Tokenize(new string('a', 100)));
        Assert.Equal(["[UNK]"], tokenizer.Tokenize(new string('a', 101)));
    }

    [Fact]
    public void Word_length_counts_code_points_not_utf16_units()
    {
        var tokenizer = TestTokenizers.Create(false, "😀", "##😀");
        Assert.Equal(100, tokenizer.Tokenize(string.Concat(Enumerable.Repeat("😀", 100))).Count);
        Assert.Equal(["[UNK]"], tokenizer.Tokenize(string.Concat(Enumerable.Repeat("😀", 101))));
    }

    [Fact]
    public void Word_length_counts_after_accents_are_stripped()
    {
        var tokenizer = TestTokenizers.Create(true, "e", "##e");
        Assert.Equal(100, tokenizer.Tokenize(string.Concat(Enumerable.Repeat("e\u0301", 100))).Count);
    }

    [Fact]
    public void A_piece_never_splits_a_surrogate_pair()
    {
        var tokenizer = TestTokenizers.Create(false, "x", "x\uD83D", "##\uDE00", "##😀");
        Assert.Equal(["x", "##😀"], tokenizer.Tokenize("x😀"));
    }

    [Fact]
    public void Max_input_chars_per_word_is_configurable()
    {
        using var vocab = TestTokenizers.WriteVocab([.. TestTokenizers.Specials, "a", "##a"]);
        var tokenizer = Routing.Tokenization.BertTokenizer.FromVocabFile(vocab.Path, lowerCase: true, maxInputCharsPerWord: 3);
        Assert.Equal(["a", "##a", "##a", "[UNK]"], tokenizer.Tokenize("aaa aaaa"));
    }
}
