namespace SemanticRouter.Mock.Tests;

public sealed class WorldTests
{
    private static readonly World Default = EmbeddedData.World("default");
    private static readonly World Permuted = EmbeddedData.World("permuted");
    private static readonly string[] Domains = ["math", "code", "medicine", "writing"];

    [Fact]
    public void Both_worlds_have_the_challenges_thirteen_models()
    {
        string[] expected =
        [
            "qwen-max",
            .. from f in new[] { "math", "code", "medicine", "writing" } from s in new[] { "32b", "7b", "3b" } select $"qwen-{f}-{s}",
        ];
        Assert.Equal(expected.Order(), Default.Models.Select(m => m.Id).Order());
        Assert.Equal(expected.Order(), Permuted.Models.Select(m => m.Id).Order());
    }

    [Fact]
    public void Same_question_and_model_always_score_the_same()
    {
        var question = EmbeddedData.Questions("verify").Items[0];
        var model = Default.Find("qwen-math-7b")!;
        var first = Default.Score(question, model);
        Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal(first, Default.Score(question, model)));
        Assert.InRange(first, 0, 1);
    }

    [Fact]
    public void Noise_varies_between_questions_around_the_expected_score()
    {
        var model = Default.Find("qwen-code-32b")!;
        var code = EmbeddedData.Questions("train").Items.Where(q => q.Domain == "code" && q.Difficulty == 2).ToList();
        var scores = code.Select(q => Default.Score(q, model)).ToList();
        var expected = Default.ExpectedScore(model, "code", 2);
        Assert.True(scores.Distinct().Count() > code.Count / 2, "scores should differ between questions");
        Assert.InRange(scores.Average(), expected - 0.03, expected + 0.03);
    }

    [Fact]
    public void Default_world_specialists_beat_qwen_max_in_their_own_domain()
    {
        var general = Default.Find("qwen-max")!;
        foreach (var domain in new[] { "math", "code", "medicine" })
        {
            var specialist = Default.Find($"qwen-{domain}-32b")!;
            for (var d = 1; d <= 3; d++)
                Assert.True(Default.ExpectedScore(specialist, domain, d) > Default.ExpectedScore(general, domain, d), $"{domain} d{d}");
        }
    }

    [Fact]
    public void Default_world_bigger_is_slower()
    {
        double Median(string id) => Default.Find(id)!.Latency.Median;
        Assert.Equal(500, Median("qwen-max"));
        foreach (var family in Domains)
            Assert.True(Median($"qwen-{family}-32b") > Median($"qwen-{family}-7b") && Median($"qwen-{family}-7b") > Median($"qwen-{family}-3b"));
    }

    [Fact]
    public void Default_world_is_not_trivial_somewhere_the_best_model_is_not_the_big_specialist()
    {
        var cells = from domain in Domains from d in Enumerable.Range(1, 3) select (domain, d, best: Best(Default, domain, d));
        Assert.Contains(cells, c => c.best.Id == "qwen-max" || c.best.Size != "32b");
    }

    [Fact]
    public void Permuted_world_changes_which_family_is_best_in_every_domain()
    {
        foreach (var domain in Domains)
            Assert.NotEqual(Best(Default, domain, 2).Family, Best(Permuted, domain, 2).Family);
    }

    private static WorldModel Best(World world, string domain, int difficulty) =>
        world.Models.MaxBy(m => world.ExpectedScore(m, domain, difficulty))!;
}
