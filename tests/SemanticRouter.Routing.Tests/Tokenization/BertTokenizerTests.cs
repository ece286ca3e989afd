using SemanticRouter.Routing.Tokenization;

namespace SemanticRouter.Routing.Tests.Tokenization;

/// <summary>The public surface: vocab loading, [CLS]/[SEP], truncation, spans, special tokens.</summary>
public sealed class BertTokenizerTests
{
    // ids: [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4, then these from 5.
    private static readonly BertTokenizer Tokenizer = TestTokenizers.Create(true, "the", "cat", "sat", "on", "mat", ".", "中");

    [Fact]
    public void Encode_wraps_pieces_in_cls_and_sep() =>
        Assert.Equal([2, 5, 6, 7, 8, 5, 9, 10, 3], Tokenizer.Encode("The cat sat on the mat.", 512));

    [Fact]
    public void Empty_text_is_cls_and_sep() => Assert.Equal([2, 3], Tokenizer.Encode("", 512));

    [Fact]
    public void Truncation_keeps_cls_and_sep()
    {
        Assert.Equal([2, 5, 6, 7, 3], Tokenizer.Encode("The cat sat on the mat.", 5));
        Assert.Equal([2, 3], Tokenizer.Encode("The cat sat on the mat.", 2));
    }

    [Fact]
    public void Unknown_words_become_unk() => Assert.Equal([2, 6, 1, 11, 3], Tokenizer.Encode("cat dog 中", 512));

    [Fact]
    public void Span_encode_pads_to_max_length_and_masks_the_padding()
    {
        var ids = new long[8];
        var mask = new long[8];
        var types = Enumerable.Repeat(7L, 8).ToArray();
        int count = Tokenizer.Encode("the cat", ids, mask, types, maxLength: 6);
        Assert.Equal(4, count);
        Assert.Equal([2, 5, 6, 3, 0, 0, 0, 0], ids);
        Assert.Equal([1, 1, 1, 1, 0, 0, 0, 0], mask);
        Assert.Equal([0, 0, 0, 0, 0, 0, 7, 7], types);
    }

    [Fact]
    public void Span_encode_truncates_like_array_encode()
    {
        var ids = new long[4];
        var mask = new long[4];
        Assert.Equal(4, Tokenizer.Encode("the cat sat on", ids, mask, 4));
        Assert.Equal(Tokenizer.Encode("the cat sat on", 4), ids);
        Assert.Equal([1, 1, 1, 1], mask);
    }

    [Fact]
    public void Spans_shorter_than_max_length_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Tokenizer.Encode("x", new long[3], new long[4], 4));
        Assert.Throws<ArgumentException>(() => Tokenizer.Encode("x", new long[4], new long[3], 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Encode("x", 1));
    }

    [Fact]
    public void Special_tokens_written_in_text_keep_their_ids()
    {
        Assert.Equal([2, 6, 4, 7, 3, 3], Tokenizer.Encode("cat [MASK] sat[SEP]", 512));
        Assert.Equal(["the", "[CLS]", "[UNK]", "[PAD]"], Tokenizer.Tokenize("the[CLS][UNK] [PAD]"));
    }

    [Fact]
    public void Special_token_names_are_case_sensitive() =>
        Assert.Equal(["[UNK]", "[UNK]", "[UNK]"], Tokenizer.Tokenize("[mask]"));

    [Fact]
    public void Vocab_file_line_numbers_are_ids()
    {
        using var vocab = TestTokenizers.WriteVocab("\uFEFF[PAD]\r\n[UNK]\r\n[CLS]\n[SEP]\rhello\nworld\nhello\n");
        var tokenizer = BertTokenizer.FromVocabFile(vocab.Path, lowerCase: true);
        Assert.Equal(7, tokenizer.VocabSize);
        Assert.Equal((0, 1, 2, 3), (tokenizer.PadId, tokenizer.UnkId, tokenizer.ClsId, tokenizer.SepId));
        Assert.True(tokenizer.TryGetId("hello", out int hello));
        Assert.Equal(6, hello); // a repeated token keeps its last line, as Hugging Face's load_vocab
        Assert.Equal("world", tokenizer.GetToken(5));
        Assert.Equal([2, 6, 5, 3], tokenizer.Encode("Hello world", 16));
    }

    [Fact]
    public void Vocab_without_cls_is_rejected()
    {
        using var vocab = TestTokenizers.WriteVocab("[PAD]", "[UNK]", "[SEP]");
        var error = Assert.Throws<InvalidDataException>(() => BertTokenizer.FromVocabFile(vocab.Path, lowerCase: true));
        Assert.Contains("[CLS]", error.Message);
    }

    [Fact]
    public void Strip_accents_follows_lower_case_unless_set()
    {
        using var vocab = TestTokenizers.WriteVocab(TestTokenizers.Specials);
        Assert.True(BertTokenizer.FromVocabFile(vocab.Path, lowerCase: true).StripAccents);
        Assert.False(BertTokenizer.FromVocabFile(vocab.Path, lowerCase: false).StripAccents);
        Assert.False(BertTokenizer.FromVocabFile(vocab.Path, lowerCase: true, stripAccents: false).StripAccents);
        Assert.True(BertTokenizer.FromVocabFile(vocab.Path, lowerCase: false, stripAccents: true).StripAccents);
    }
}
