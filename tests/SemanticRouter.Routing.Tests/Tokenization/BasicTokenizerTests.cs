namespace SemanticRouter.Routing.Tests.Tokenization;

/// <summary>The words BERT's BasicTokenizer makes (cleaning, CJK, casing, accents, splitting).</summary>
public sealed class BasicTokenizerTests
{
    private static List<string> Words(string text, bool lowerCase = true, bool? stripAccents = null) =>
        TestTokenizers.Create(lowerCase, stripAccents ?? lowerCase).BasicTokenize(text);

    [Fact]
    public void Cjk_characters_become_single_tokens() =>
        Assert.Equal(["我", "爱", "nlp", "和", "中", "文"], Words("我爱NLP和中文"));

    [Fact]
    public void Cjk_extension_b_is_not_split_because_the_reference_checks_utf16_code_units() =>
        Assert.Equal(["𠀀𠀁", "丽", "x"], Words("𠀀𠀁丽x"));

    [Fact]
    public void Lower_casing_strips_accents_by_default() =>
        Assert.Equal(["cafe", "angstrom", "naive", "viet", "nam"], Words("Café Ångström naïve Việt Nam"));

    [Fact]
    public void Cased_keeps_case_and_accents() =>
        Assert.Equal(["Café", "Ångström"], Words("Café Ångström", lowerCase: false));

    [Fact]
    public void Accents_can_be_stripped_without_lower_casing() =>
        Assert.Equal(["Cafe", "Angstrom"], Words("Café Ångström", lowerCase: false, stripAccents: true));

    [Fact]
    public void Lower_casing_can_keep_accents() =>
        Assert.Equal(["café", "ångström"], Words("CAFÉ Ångström", lowerCase: true, stripAccents: false));

    [Fact]
    public void Decomposed_and_precomposed_accents_strip_alike() =>
        Assert.Equal(["cafe", "cafe", "a"], Words("cafe\u0301 café \u212B"));

    [Fact]
    public void Control_and_format_characters_are_removed_without_splitting() =>
        Assert.Equal(["abcdefg"], Words("a\u0000b\u0007c\u200Bd\uFFFDe\u00ADf\uE000g"));

    [Fact]
    public void Whitespace_characters_split_words() =>
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g"], Words("a\tb\nc\r\nd\u00A0e\u3000f\u2028g"));

    [Fact]
    public void Punctuation_is_a_word_of_its_own() =>
        Assert.Equal(["hi", "!", "!", "(", "ok", ")", "…", "$", "5", "+", "x", "「", "引", "」"], Words("hi!! (ok)… $5+x「引」"));

    [Fact]
    public void Symbols_outside_ascii_punctuation_stay_in_words() =>
        Assert.Equal(["x≤y", "😀👍"], Words("x≤y 😀👍"));

    [Fact]
    public void Final_sigma_lower_cases_to_final_form() =>
        Assert.Equal(["οδος", "οδος", ".", "ασβ", "σ", "ασ", "'", "β"], Words("ΟΔΟΣ ΟΔΟΣ. ΑΣΒ Σ ΑΣ'Β"));

    [Fact]
    public void Dotted_capital_i_lower_cases_to_i_with_combining_dot() =>
        Assert.Equal(["i\u0307stanbul"], Words("İstanbul", lowerCase: true, stripAccents: false));

    [Fact]
    public void Hangul_syllables_decompose_to_jamo_when_stripping_accents() =>
        Assert.Equal(["\u1112\u1161\u11AB"], Words("한"));

    [Fact]
    public void Lone_surrogates_are_removed() =>
        Assert.Equal(["ab", "c", "😀"], Words("a\uD800b \uDC00c \uD83D\uDE00"));

    [Fact]
    public void Noncharacter_fffe_is_kept_through_decomposition() =>
        Assert.Equal(["e\uFFFEe"], Words("é\uFFFEé"));

    [Fact]
    public void Special_tokens_written_in_text_are_not_words() =>
        Assert.Equal(["a", "b", "[", "mask", "]"], Words("a[MASK]b [mask]"));

    [Fact]
    public void Empty_and_blank_text_have_no_words()
    {
        Assert.Empty(Words(""));
        Assert.Empty(Words(" \t\r\n\u00A0\u0000\u200B"));
    }
}
