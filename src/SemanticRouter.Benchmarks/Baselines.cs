using SemanticRouter.Mock;
using SemanticRouter.Routing.Policy;

namespace SemanticRouter.Benchmarks;

/// <summary>
/// The baselines a router is judged against, computed from the mock's world and the questions' labels (the
/// scores are exactly what <c>/v1/evaluate</c> returns; latencies are the world's simulated ones):
/// <c>always-&lt;model&gt;</c>, <c>random</c>, <c>label-aware</c> (knows each question's domain and difficulty and
/// the world's expected scores, and picks by the router's own utility), and <c>oracle</c> (the best actual score
/// for each question, ties to the faster model), and <c>domain-7b</c> / <c>domain-32b</c> (every question to the
/// model of that size the world makes best at its domain, on average over difficulties: what a router that knew
/// each question's domain, and nothing else, would pick).
/// </summary>
public static class Baselines
{
    /// <summary>The baselines over <paramref name="questions"/> when <paramref name="labels"/> has every one of them; none otherwise.</summary>
    public static Dictionary<string, BaselineResult> ForLabelled(World world, QuestionSet labels, IReadOnlyList<Contracts.QuestionItem> questions, UtilityPolicy policy)
    {
        var known = questions.Select(q => labels.Find(q.Question)).OfType<LabeledQuestion>().ToList();
        return known.Count == questions.Count ? Compute(world, known, policy) : [];
    }

    public static Dictionary<string, BaselineResult> Compute(World world, IReadOnlyList<LabeledQuestion> questions, UtilityPolicy policy)
    {
        var results = new Dictionary<string, BaselineResult>();
        foreach (var model in world.Models)
            results[$"always-{model.Id}"] = Outcome(world, questions, (_, _) => model);
        var random = new Random(20261121);
        results["random"] = Outcome(world, questions, (_, _) => world.Models[random.Next(world.Models.Count)]);
        results["label-aware"] = Outcome(world, questions, (q, _) => world.Models.MaxBy(m => policy.Utility(
            world.ExpectedScore(m, q.Domain, q.Difficulty), ExpectedLatencySeconds(world, m, q.Difficulty), m.PricePer1kTokens * ExpectedTokens(m) / 1000))!);
        foreach (var size in new[] { "7b", "32b" })
        {
            var bySize = world.Models.Where(m => m.Size == size).ToList();
            if (bySize.Count > 0)
                results[$"domain-{size}"] = Outcome(world, questions, (q, _) => bySize.MaxBy(m => Enumerable.Range(1, 3).Average(d => world.ExpectedScore(m, q.Domain, d)))!);
        }
        results["oracle"] = Outcome(world, questions, (q, _) => world.Models
            .OrderByDescending(m => world.Score(q, m)).ThenBy(m => world.Latency(q.Question, q.Difficulty, m)).First());
        return results;
    }

    /// <summary>A log-normal's mean: median · exp(σ²/2), scaled by the difficulty factor.</summary>
    public static double ExpectedLatencySeconds(World world, WorldModel model, int difficulty) =>
        model.Latency.Median * world.DifficultyLatencyFactor[Math.Clamp(difficulty, 1, 3) - 1]
        * Math.Exp(model.Latency.Sigma * model.Latency.Sigma / 2) / 1000;

    private static double ExpectedTokens(WorldModel model) => model.Size switch { "max" => 150, "32b" => 140, "7b" => 100, _ => 70 };

    private static BaselineResult Outcome(World world, IReadOnlyList<LabeledQuestion> questions, Func<LabeledQuestion, int, WorldModel> pick)
    {
        double score = 0, latency = 0;
        for (var i = 0; i < questions.Count; i++)
        {
            var model = pick(questions[i], i);
            score += world.Score(questions[i], model);
            latency += world.Latency(questions[i].Question, questions[i].Difficulty, model).TotalMilliseconds;
        }
        return new BaselineResult(score / questions.Count, latency / questions.Count);
    }
}
