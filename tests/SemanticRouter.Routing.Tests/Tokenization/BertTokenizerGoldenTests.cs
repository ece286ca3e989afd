using System.Text;
using SemanticRouter.Routing.Tokenization;

namespace SemanticRouter.Routing.Tests.Tokenization;

/// <summary>
/// Every golden case, token for token against the reference BertTokenizer of @huggingface/transformers: the words
/// of the BasicTokenizer, the word pieces, the ids with [CLS] … [SEP], and the ids truncated to the file's max length.
/// </summary>
public sealed class BertTokenizerGoldenTests
{
    // shipped/: the same cases on the vocabulary of the shipped encoder (models/encoder/vocab.txt, copied beside the tests).
    public static TheoryData<string> Files => new() { "uncased.json", "cased.json", "shipped/uncased.json" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Golden_file_covers_enough_cases(string file)
    {
        var golden = GoldenVectors.Load(file);
        var tokenizer = golden.CreateTokenizer();
        Assert.StartsWith("@huggingface/transformers@4.3.1 ", golden.Reference);
        Assert.True(golden.Cases.Count >= 220, $"{file}: {golden.Cases.Count} cases");
        Assert.Contains(golden.Cases, c => c.Ids.Length > golden.MaxLength);
        Assert.Contains(golden.Cases, c => c.Ids.Contains(tokenizer.UnkId));
        Assert.Contains(golden.Cases, c => c.Ids.Any(id => tokenizer.GetToken((int)id).StartsWith("##", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Basic_tokenizer_words_match_reference(string file) =>
        AssertEveryCase(file, (tokenizer, c) => Compare("words", c.Words, tokenizer.BasicTokenize(c.Text)));

    [Theory]
    [MemberData(nameof(Files))]
    public void Word_pieces_match_reference(string file) =>
        AssertEveryCase(file, (tokenizer, c) =>
            Compare("pieces", c.Ids[1..^1].Select(id => tokenizer.GetToken((int)id)), tokenizer.Tokenize(c.Text)));

    [Theory]
    [MemberData(nameof(Files))]
    public void Ids_match_reference(string file) =>
        AssertEveryCase(file, (tokenizer, c) => CompareIds(tokenizer, c.Ids, tokenizer.Encode(c.Text, int.MaxValue)));

    [Theory]
    [MemberData(nameof(Files))]
    public void Truncated_ids_match_reference(string file)
    {
        int maxLength = GoldenVectors.Load(file).MaxLength;
        AssertEveryCase(file, (tokenizer, c) =>
        {
            var ids = new long[maxLength];
            var mask = new long[maxLength];
            var types = new long[maxLength];
            int count = tokenizer.Encode(c.Text, ids, mask, types, maxLength);
            return CompareIds(tokenizer, c.Ids128, tokenizer.Encode(c.Text, maxLength))
                ?? CompareIds(tokenizer, c.Ids128, ids[..count])
                ?? (mask.SequenceEqual(Enumerable.Repeat(1L, count).Concat(Enumerable.Repeat(0L, maxLength - count)))
                    && ids[count..].All(id => id == tokenizer.PadId) && types.All(t => t == 0)
                        ? null
                        : "attention mask, padding or token type ids are wrong");
        });
    }

    /// <summary>Runs <paramref name="check"/> (null when the case matches) on every case; fails on the first mismatch.</summary>
    private static void AssertEveryCase(string file, Func<BertTokenizer, GoldenCase, string?> check)
    {
        var golden = GoldenVectors.Load(file);
        var tokenizer = golden.CreateTokenizer();
        var failures = golden.Cases.Select(c => (Case: c, Problem: check(tokenizer, c))).Where(r => r.Problem is not null).ToList();
        if (failures.Count > 0)
        {
            var (first, problem) = failures[0];
            Assert.Fail($"{file}: {failures.Count} of {golden.Cases.Count} cases differ from the reference; first: " +
                $"{first.Name}\ntext: {Escape(first.Text)}\n{problem}");
        }
    }

    private static string? CompareIds(BertTokenizer tokenizer, long[] expected, long[] actual) =>
        Compare("tokens", expected.Select(id => tokenizer.GetToken((int)id)), actual.Select(id => tokenizer.GetToken((int)id)))
        ?? (expected.SequenceEqual(actual) ? null : $"ids differ\nexpected: {string.Join(' ', expected)}\nactual:   {string.Join(' ', actual)}");

    private static string? Compare(string what, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var e = expected.ToList();
        var a = actual.ToList();
        if (e.SequenceEqual(a, StringComparer.Ordinal))
        {
            return null;
        }
        int at = e.Zip(a).TakeWhile(p => p.First == p.Second).Count();
        return $"{what} differ at index {at} ({e.Count} expected, {a.Count} actual)\n" +
            $"expected: {string.Join(" | ", e.Select(Escape))}\nactual:   {string.Join(" | ", a.Select(Escape))}";
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (char c in text)
        {
            builder.Append(c < ' ' || char.IsSurrogate(c) || c is '\u0085' or '\u2028' or '\u2029' or '\u00A0'
                ? $"\\u{(int)c:X4}"
                : c);
        }
        return builder.ToString();
    }
}
