using SemanticRouter.Benchmarks.Learning;
using SemanticRouter.Routing.Policy;

namespace SemanticRouter.Benchmarks.Tests.Learning;

public sealed class NaiveTextRouterTests
{
    [Fact]
    public void It_learns_which_model_answers_which_kind_of_text_from_scores_alone()
    {
        // Two kinds of question, told apart only by their characters; model "a" scores well on the first, "b" on the second.
        var questions = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            questions.Add($"integral of x^{i} dx from 0 to {i + 1}");
            questions.Add($"write a poem about the {i}th autumn leaf falling");
        }
        var (scores, latencies) = (new double[questions.Count, 2], new double[questions.Count, 2]);
        for (var i = 0; i < questions.Count; i++)
        {
            var first = i % 2 == 0;
            (scores[i, 0], scores[i, 1]) = first ? (0.9, 0.3) : (0.3, 0.9);
            (latencies[i, 0], latencies[i, 1]) = (0.2, 0.2);
        }
        var router = NaiveTextRouter.Fit(questions, ["a", "b"], scores, latencies);
        var policy = new UtilityPolicy(0.35, 0);
        Assert.Equal("a", router.Choose("integral of x^40 dx from 0 to 3", policy, [0, 0], _ => true));
        Assert.Equal("b", router.Choose("write a poem about a winter leaf", policy, [0, 0], _ => true));
        var (predicted, _) = router.Predict("integral of x^7 dx from 0 to 9");
        Assert.True(predicted[0] > 0.7 && predicted[1] < 0.5, string.Join(", ", predicted));
    }

    [Fact]
    public void A_model_that_did_not_answer_a_question_is_learned_from_the_questions_it_answered()
    {
        var questions = Enumerable.Range(0, 20).Select(i => $"question number {i} about sums").ToList();
        var (scores, latencies) = (new double[20, 2], new double[20, 2]);
        for (var i = 0; i < 20; i++)
        {
            (scores[i, 0], latencies[i, 0]) = (0.8, 0.1);
            (scores[i, 1], latencies[i, 1]) = i % 2 == 0 ? (double.NaN, double.NaN) : (0.4, 0.1);
        }
        var (predicted, _) = NaiveTextRouter.Fit(questions, ["a", "b"], scores, latencies).Predict("question number 99 about sums");
        Assert.InRange(predicted[1], 0.2, 0.6);
        Assert.InRange(predicted[0], 0.6, 1.0);
    }
}
