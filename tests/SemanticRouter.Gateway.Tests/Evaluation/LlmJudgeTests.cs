using SemanticRouter.Gateway.Evaluation;

namespace SemanticRouter.Gateway.Tests.Evaluation;

public sealed class LlmJudgeTests
{
    [Theory]
    [InlineData("score: 0.73", 0.73)]
    [InlineData("Score = 1", 1.0)]
    [InlineData("The answer is right on 2 of 3 points. Score: 0.6", 0.6)]
    [InlineData("**Score:** 8/10 — clear and correct", 0.8)]
    [InlineData("I'd give it 4 / 5", 0.8)]
    [InlineData("85%", 0.85)]
    [InlineData("score: 7", 0.7)]
    [InlineData("score: 85", 0.85)]
    [InlineData("0", 0.0)]
    public void A_score_is_read_however_the_judge_writes_it(string reply, double expected) =>
        Assert.Equal(expected, LlmJudge.ParseScore(reply)!.Value, 4);

    [Theory]
    [InlineData("I cannot grade this.")]
    [InlineData("")]
    [InlineData("score: 250")]
    [InlineData("score: 12/10")]
    public void A_reply_with_no_score_on_any_scale_is_no_score(string reply) => Assert.Null(LlmJudge.ParseScore(reply));
}
