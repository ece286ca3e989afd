using SemanticRouter.Benchmarks.Learning;
using SemanticRouter.Mock;

namespace SemanticRouter.Benchmarks.Tests.Learning;

public sealed class LearningSplitTests
{
    private static readonly QuestionPool Pool = QuestionPool.Load(publicFolder: null);

    [Fact]
    public void The_pool_holds_the_project_sets_and_names_corpus_sources_by_domain_style_and_language()
    {
        Assert.False(Pool.HasPublic);
        Assert.Contains(Pool.Questions, q => q.Source == "train.json");
        Assert.Contains(Pool.Questions, q => q.Source == "corpus-code-forum-error-zh" && q.Question.Domain == "code" && q.Question.Lang == "zh");
        Assert.Equal(Pool.Questions.Count, Pool.Questions.Select(q => q.Question.Question.Trim()).Distinct().Count());
        Assert.All(WorldGenerator.Domains, d => Assert.NotEmpty(Pool.HeldOut[d]));
    }

    [Fact]
    public void A_held_out_split_never_collects_a_held_out_source_and_verifies_on_held_out_sources_only()
    {
        var split = LearningSplit.HeldOut(Pool, trainPerDomain: 40, verifyPerDomain: 20, seed: 1);
        Assert.Equal(160, split.Train.Count);
        Assert.All(split.Train, q => Assert.False(Pool.IsHeldOut(q.Source), q.Source));
        Assert.All(split.Verify, q => Assert.True(Pool.IsHeldOut(q.Source), q.Source));
        foreach (var domain in WorldGenerator.Domains)
            Assert.Equal(20, split.Verify.Count(q => q.Question.Domain == domain));
    }

    [Fact]
    public void A_held_out_split_takes_every_held_out_source_of_a_domain_in_turn()
    {
        var split = LearningSplit.HeldOut(Pool, trainPerDomain: 4, verifyPerDomain: 30, seed: 1);
        foreach (var (domain, sources) in Pool.HeldOut)
        {
            var present = sources.Where(s => Pool.Questions.Any(q => q.Source == s)).ToList();
            var counts = present.Select(s => split.Verify.Count(q => q.Source == s)).ToList();
            Assert.True(counts.Max() - counts.Min() <= 1, $"{domain}: {string.Join(", ", counts)}");
        }
    }

    [Fact]
    public void A_same_source_split_draws_train_and_verify_from_the_held_out_sources_without_sharing_a_question()
    {
        var split = LearningSplit.SameSource(Pool, trainPerDomain: 300, verifyPerDomain: 300, seed: 2);
        Assert.All(split.Train.Concat(split.Verify), q => Assert.True(Pool.IsHeldOut(q.Source), q.Source));
        Assert.Empty(split.Train.Select(q => q.Question.Question).Intersect(split.Verify.Select(q => q.Question.Question)));
        Assert.Equal(split.Train.Select(q => q.Source).Distinct().Order(), split.Verify.Select(q => q.Source).Distinct().Order());
    }

    [Fact]
    public void The_same_seed_draws_the_same_split_and_another_seed_another()
    {
        static string Ids(LearningSplit s) => string.Join(',', s.Verify.Select(q => q.Question.Id));
        var a = LearningSplit.HeldOut(Pool, 10, 10, seed: 3);
        Assert.Equal(Ids(a), Ids(LearningSplit.HeldOut(Pool, 10, 10, seed: 3)));
        Assert.NotEqual(Ids(a), Ids(LearningSplit.HeldOut(Pool, 10, 10, seed: 4)));
    }
}
