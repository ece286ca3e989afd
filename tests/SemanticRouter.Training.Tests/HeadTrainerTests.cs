using SemanticRouter.Routing.Estimation;
using SemanticRouter.Routing.Policy;

namespace SemanticRouter.Training.Tests;

/// <summary>
/// A synthetic world: questions fall in two clusters of embedding space; model "a" is good on the first, "b" on
/// the second, "slow" is decent everywhere but slow. The head must learn that from scores alone.
/// </summary>
public sealed class HeadTrainerTests
{
    private const int Dim = 8;
    private static readonly string[] Models = ["a", "b", "slow"];

    private static Example Make(int i, bool withAll = true)
    {
        var random = new Random(i);
        var cluster = i % 2;
        var embedding = new float[Dim];
        for (var j = 0; j < Dim; j++) embedding[j] = (float)(random.NextDouble() * 0.2);
        embedding[cluster] += 1;
        var text = $"question {i} about topic {cluster}";
        var byModel = new Dictionary<string, Observation>
        {
            ["a"] = new(cluster == 0 ? 0.9 : 0.3, 100, 0, 1),
            ["b"] = new(cluster == 1 ? 0.9 : 0.3, 100, 0, 1),
        };
        if (withAll) byModel["slow"] = new(0.85, 2000, 0, 1);
        return new Example(embedding, text, byModel);
    }

    private static readonly List<Example> Training = Enumerable.Range(0, 200).Select(i => Make(i)).ToList();

    [Fact]
    public void The_head_learns_which_model_is_good_where()
    {
        var head = HeadTrainer.Fit(Training, Models);
        var replay = OfflineReplay.Run(head, Enumerable.Range(1000, 50).Select(i => Make(i)).ToList(), new UtilityPolicy(0.2, 0));
        Assert.Equal(50, replay.Questions);
        Assert.Equal(0.9, replay.MeanScore, 6); // always the right specialist
        Assert.Equal(100, replay.MeanLatencyMs, 6);
    }

    [Fact]
    public void Latency_is_learned_too_and_without_a_latency_weight_the_slow_model_can_win()
    {
        var head = HeadTrainer.Fit(Training, Models);
        var features = new float[head.FeatureCount];
        var scores = new double[3];
        var latencies = new double[3];
        var example = Make(1001);
        head.Features(example.Embedding, example.Text, features);
        head.Predict(features, scores, latencies);
        Assert.InRange(latencies[2], 1.8, 2.2);
        Assert.InRange(latencies[0], 0.05, 0.15);
    }

    [Fact]
    public void A_model_seen_on_only_some_questions_is_still_estimated_from_those()
    {
        var mixed = Training.Select((e, i) => i % 4 == 0 ? e : Make(i, withAll: false)).ToList();
        var head = HeadTrainer.Fit(mixed, Models);
        var features = new float[head.FeatureCount];
        var scores = new double[3];
        var latencies = new double[3];
        var example = Make(1002);
        head.Features(example.Embedding, example.Text, features);
        head.Predict(features, scores, latencies);
        Assert.InRange(scores[2], 0.75, 0.95);
    }

    [Fact]
    public void Questions_far_from_the_training_data_have_a_high_leverage()
    {
        var head = HeadTrainer.Fit(Training, Models);
        Assert.True(head.Leverage(Make(1003).Embedding) <= head.LeverageThreshold);
        var stranger = new float[Dim];
        stranger[Dim - 1] = 5;
        Assert.True(head.Leverage(stranger) > head.LeverageThreshold);
    }

    [Fact]
    public void A_saved_head_loads_back_the_same()
    {
        var head = HeadTrainer.Fit(Training, Models);
        var path = Path.GetTempFileName();
        try
        {
            head.Save(path);
            var loaded = RoutingHead.Load(path);
            Assert.Equal(head.Models, loaded.Models);
            Assert.Equal(head.ScoreWeights, loaded.ScoreWeights);
            Assert.Equal(head.LeverageThreshold, loaded.LeverageThreshold);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_held_out_split_is_fixed_by_question_text()
    {
        var texts = Enumerable.Range(0, 2000).Select(i => $"q{i}").ToList();
        var first = texts.Where(t => Split.IsHeldOut(t, "holdout", 0.2)).ToList();
        Assert.Equal(first, texts.Where(t => Split.IsHeldOut(t, "holdout", 0.2)));
        Assert.InRange(first.Count, 330, 470);
    }
}
