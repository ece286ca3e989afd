namespace SemanticRouter.Mock.Tests;

/// <summary>Guards the project's own question sets: size, coverage, language mix, and no near-duplicates.</summary>
public sealed class QuestionSetTests
{
    private static readonly QuestionSet Train = EmbeddedData.Questions("train");
    private static readonly QuestionSet Verify = EmbeddedData.Questions("verify");

    [Theory]
    [InlineData("train", 1200)]
    [InlineData("verify", 400)]
    public void Each_split_is_large_enough_and_covers_every_domain_difficulty_and_language(string split, int minimum)
    {
        var items = EmbeddedData.Questions(split).Items;
        Assert.True(items.Count >= minimum, $"{split}: {items.Count} < {minimum}");
        foreach (var domain in new[] { "math", "code", "medicine", "writing" })
        foreach (var difficulty in new[] { 1, 2, 3 })
        foreach (var lang in new[] { "zh", "en" })
        {
            var n = items.Count(q => q.Domain == domain && q.Difficulty == difficulty && q.Lang == lang);
            Assert.True(n >= minimum / 60, $"{split}: only {n} questions for {domain}/{difficulty}/{lang}");
        }
        Assert.True(items.Count(q => q.Lang == "zh") >= 0.4 * items.Count, $"{split}: under 40% Chinese");
        Assert.All(items, q => Assert.Equal(q.Lang == "zh", q.Question.Any(c => c is >= '\u4e00' and <= '\u9fff')));
    }

    [Fact]
    public void Ids_are_unique_within_a_split()
    {
        Assert.Equal(Train.Items.Count, Train.Items.Select(q => q.Id).Distinct().Count());
        Assert.Equal(Verify.Items.Count, Verify.Items.Select(q => q.Id).Distinct().Count());
    }

    [Fact]
    public void No_two_questions_are_near_duplicates_within_or_across_splits()
    {
        var all = Train.Items.Concat(Verify.Items).Select(q => q.Question).ToList();
        var shingles = all.Select(Shingles).ToList();
        var worst = (score: 0.0, a: "", b: "");
        for (var i = 0; i < all.Count; i++)
        for (var j = i + 1; j < all.Count; j++)
        {
            int small = Math.Min(shingles[i].Count, shingles[j].Count), large = Math.Max(shingles[i].Count, shingles[j].Count);
            if (small <= 0.8 * large) continue; // Jaccard ≤ small/large, so it cannot exceed 0.8
            var common = shingles[i].Count(shingles[j].Contains);
            var jaccard = (double)common / (shingles[i].Count + shingles[j].Count - common);
            if (jaccard > worst.score) worst = (jaccard, all[i], all[j]);
        }
        Assert.True(worst.score <= 0.8, $"near-duplicates (Jaccard {worst.score:F2}):\n{worst.a}\n{worst.b}");
    }

    [Fact]
    public void Near_duplicate_check_catches_a_question_that_varies_only_a_number()
    {
        var a = Shingles("A train leaves the station at 60 km/h and travels for 3 hours; how far does it go?");
        var b = Shingles("A train leaves the station at 80 km/h and travels for 3 hours; how far does it go?");
        var common = a.Count(b.Contains);
        Assert.True((double)common / (a.Count + b.Count - common) > 0.8);
    }

    private static HashSet<string> Shingles(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 5 <= text.Length; i++) set.Add(text.Substring(i, 5));
        if (set.Count == 0) set.Add(text);
        return set;
    }
}
