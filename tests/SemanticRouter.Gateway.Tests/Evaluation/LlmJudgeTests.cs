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

    [Theory]
    [InlineData("winner: A", "A")]
    [InlineData("Winner: b", "B")]
    [InlineData("winner: tie", "Tie")]
    [InlineData("B", "B")]
    [InlineData(" A.", "A")]
    [InlineData("tie", "Tie")]
    [InlineData("It's a draw: both are correct.", "Tie")]
    [InlineData("**Verdict:** [[B]]", "B")]
    [InlineData("[[A]]", "A")]
    [InlineData("After comparing both, the better answer is A because it checks the boundary.", "A")]
    [InlineData("Answer B is better than answer A.", "B")]
    [InlineData("The winner is answer A", "A")]
    [InlineData("Neither is better; they are equally good.", "Tie")]
    public void A_pairwise_preference_is_read_however_the_judge_writes_it(string reply, string expected) =>
        Assert.Equal(expected, LlmJudge.ParsePreference(reply)?.ToString());

    [Theory]
    [InlineData("")]
    [InlineData("I cannot compare these.")]
    [InlineData("A is clear but B is more complete.")]
    [InlineData("a good answer and a bad one")]
    public void A_pairwise_reply_that_names_no_single_winner_is_no_preference(string reply) => Assert.Null(LlmJudge.ParsePreference(reply));

    [Theory]
    [InlineData("A", "B", "win")]   // routed shown first and preferred; shown second and preferred again
    [InlineData("B", "A", "loss")]
    [InlineData("A", "A", "tie")]   // the first place wins each time: position bias, no preference
    [InlineData("B", "B", "tie")]
    [InlineData("Tie", "B", "tie")]
    [InlineData("A", "Tie", "tie")]
    [InlineData("Tie", "Tie", "tie")]
    [InlineData(null, "B", null)]
    [InlineData("A", null, null)]
    public void A_pair_is_won_or_lost_only_when_both_orders_agree(string? routedFirst, string? baselineFirst, string? expected) =>
        Assert.Equal(expected, LlmJudge.Verdict(Read(routedFirst), Read(baselineFirst)));

    private static Preference? Read(string? preference) => preference is null ? null : Enum.Parse<Preference>(preference);
}
