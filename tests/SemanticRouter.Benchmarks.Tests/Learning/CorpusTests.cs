using SemanticRouter.Benchmarks.Learning;
using SemanticRouter.Mock;

namespace SemanticRouter.Benchmarks.Tests.Learning;

/// <summary>Guards the project's style corpus (datasets/corpus): coverage, language labels, and no near-duplicates of the project's sets.</summary>
public sealed class CorpusTests
{
    private static readonly List<SourcedQuestion> Corpus =
        QuestionPool.Load(publicFolder: null).Questions.Where(q => q.Source.StartsWith("corpus-", StringComparison.Ordinal)).ToList();

    [Fact]
    public void Every_domain_and_language_has_twenty_styles_of_at_least_twenty_five_questions_across_difficulties()
    {
        foreach (var domain in WorldGenerator.Domains)
        foreach (var lang in new[] { "zh", "en" })
        {
            var styles = Corpus.Where(q => q.Question.Domain == domain && q.Question.Lang == lang).GroupBy(q => q.Source).ToList();
            Assert.True(styles.Count >= 20, $"{domain}/{lang}: {styles.Count} styles");
            Assert.All(styles, s => Assert.True(s.Count() >= 25, $"{s.Key}: {s.Count()}"));
            Assert.All(new[] { 1, 2, 3 }, d => Assert.True(styles.Sum(s => s.Count(q => q.Question.Difficulty == d)) >= 100, $"{domain}/{lang}/{d}"));
        }
    }

    [Fact]
    public void A_question_labelled_Chinese_has_Chinese_characters_and_one_labelled_English_has_none()
    {
        Assert.All(Corpus, q => Assert.Equal(q.Question.Lang == "zh", q.Question.Question.Any(c => c is >= '\u4e00' and <= '\u9fff')));
    }

    [Fact]
    public void No_corpus_question_is_a_near_duplicate_of_another_or_of_the_train_and_verify_sets()
    {
        var texts = Corpus.Select(q => q.Question.Question)
            .Concat(EmbeddedData.Questions("train").Items.Select(q => q.Question))
            .Concat(EmbeddedData.Questions("verify").Items.Select(q => q.Question)).ToList();
        var (score, a, b) = NearDuplicates.Worst(texts);
        Assert.True(score <= 0.8, $"near-duplicates (Jaccard {score:F2} of character 5-grams):\n{a}\n{b}");
    }

    [Fact]
    public void The_near_duplicate_check_finds_a_question_that_varies_only_a_word()
    {
        var (score, a, _) = NearDuplicates.Worst([
            "Write a haiku about rain.",
            "A train leaves the station at 60 km/h and travels for 3 hours; how far does it go?",
            "A train leaves the station at 80 km/h and travels for 3 hours; how far does it go?",
        ]);
        Assert.True(score > 0.8, $"{score}");
        Assert.StartsWith("A train", a);
    }
}

/// <summary>The most similar pair of texts by Jaccard similarity of their character 5-gram sets (an inverted index keeps it fast).</summary>
internal static class NearDuplicates
{
    public static (double Score, string A, string B) Worst(IReadOnlyList<string> texts)
    {
        var shingles = texts.Select(Shingles).ToList();
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < shingles.Count; i++)
        foreach (var s in shingles[i])
            (index.TryGetValue(s, out var list) ? list : index[s] = []).Add(i);
        var worst = (0.0, "", "");
        for (var i = 0; i < shingles.Count; i++)
        {
            var common = new Dictionary<int, int>();
            foreach (var s in shingles[i])
            foreach (var j in index[s])
                if (j > i) common[j] = common.GetValueOrDefault(j) + 1;
            foreach (var (j, c) in common)
            {
                var jaccard = (double)c / (shingles[i].Count + shingles[j].Count - c);
                if (jaccard > worst.Item1) worst = (jaccard, texts[i], texts[j]);
            }
        }
        return worst;
    }

    private static HashSet<string> Shingles(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 5 <= text.Length; i++) set.Add(text.Substring(i, 5));
        if (set.Count == 0) set.Add(text);
        return set;
    }
}
