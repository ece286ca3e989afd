namespace SemanticRouter.Mock.Tests;

public sealed class WorldGeneratorTests
{
    [Fact]
    public void A_seed_always_draws_the_same_world_and_another_seed_another()
    {
        var a = Json(WorldGenerator.Generate(7));
        Assert.Equal(a, Json(WorldGenerator.Generate(7)));
        Assert.NotEqual(a, Json(WorldGenerator.Generate(8)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_generated_world_has_the_thirteen_models_and_a_strong_model_for_every_domain(int seed)
    {
        var world = WorldGenerator.Generate(seed);
        Assert.Equal(13, world.Models.Count);
        Assert.Contains(world.Models, m => m.Id == "qwen-max");
        foreach (var model in world.Models)
        {
            Assert.Equal(WorldGenerator.Domains.Order(), model.Scores.Keys.Order());
            Assert.True(model.Latency.Median > 0 && model.PricePer1kTokens > 0, model.Id);
        }
        foreach (var domain in WorldGenerator.Domains)
        {
            // One specialist clearly ahead on easy questions: a world where every model is alike teaches nothing.
            var easy = world.Models.Where(m => m.Size != "max").Select(m => world.ExpectedScore(m, domain, 1)).OrderDescending().ToList();
            Assert.True(easy[0] >= 0.85 && easy[0] - easy[easy.Count / 2] >= 0.2, $"{domain}: {string.Join(", ", easy)}");
        }
    }

    [Fact]
    public void A_generated_world_survives_the_file_format_and_the_mock_scores_by_it()
    {
        var world = WorldGenerator.Generate(3);
        var path = Path.Combine(Path.GetTempPath(), $"world-{Guid.NewGuid():N}.json");
        try
        {
            world.Save(path);
            var loaded = World.Load(path);
            Assert.Equal(Json(world), Json(loaded));
            var question = new LabeledQuestion("q1", "Solve x + 1 = 2.", "math", 1, "en");
            var best = loaded.Models.MaxBy(m => loaded.ExpectedScore(m, "math", 1))!;
            Assert.InRange(loaded.Score(question, best), loaded.ExpectedScore(best, "math", 1) - 5 * loaded.NoiseSd, 1);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Across_seeds_the_strong_family_is_not_always_the_one_named_after_the_domain()
    {
        var aligned = Enumerable.Range(1, 20).Count(seed =>
        {
            var world = WorldGenerator.Generate(seed);
            return WorldGenerator.Domains.All(d => world.Models.Where(m => m.Size == "32b").MaxBy(m => world.ExpectedScore(m, d, 1))!.Family == d);
        });
        Assert.InRange(aligned, 1, 12);
    }

    private static string Json(World world)
    {
        var path = Path.Combine(Path.GetTempPath(), $"world-{Guid.NewGuid():N}.json");
        try
        {
            world.Save(path);
            return File.ReadAllText(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
