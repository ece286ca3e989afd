using SemanticRouter.Routing.Registry;

namespace SemanticRouter.Routing.Tests.Registry;

public sealed class PromotionRuleTests
{
    /// <summary>Per-question utilities around a mean, with a question-to-question spread that repeats.</summary>
    private static double[] Utilities(double mean, int questions = 200, double spread = 0.3) =>
        Enumerable.Range(0, questions).Select(i => mean + spread * ((i * 7 % 11) / 10.0 - 0.5)).ToArray();

    private static PromotionEvidence Against(double[] challenger, double[] champion) => new(challenger, champion, ChampionExists: true);

    [Fact]
    public void Auto_promotes_a_challenger_that_beats_the_champion_clearly()
    {
        var (promote, reason) = new PromotionRule().Decide(Against(Utilities(0.80), Utilities(0.70)));
        Assert.True(promote, reason);
        Assert.Contains("paired resamples of 200 questions", reason);
    }

    [Fact]
    public void Auto_does_not_promote_a_challenger_that_is_only_as_good_or_worse()
    {
        Assert.False(new PromotionRule().Decide(Against(Utilities(0.70), Utilities(0.70))).Promote);
        Assert.False(new PromotionRule().Decide(Against(Utilities(0.60), Utilities(0.70))).Promote);
    }

    [Fact]
    public void Auto_does_not_promote_a_gain_that_the_resamples_do_not_support()
    {
        // The challenger is better on average, by 0.01, but wins half the questions and loses the other half by much.
        var champion = Utilities(0.70);
        var challenger = champion.Select((u, i) => u + (i % 2 == 0 ? 0.41 : -0.39)).ToArray();
        var (promote, reason) = new PromotionRule().Decide(Against(challenger, champion));
        Assert.False(promote, reason);
        Assert.Contains("in only", reason);
        Assert.True(new PromotionRule(Confidence: 0.5).Decide(Against(challenger, champion)).Promote);
    }

    [Fact]
    public void The_margin_is_a_gain_the_challenger_must_exceed()
    {
        var (challenger, champion) = (Utilities(0.72, spread: 0.01), Utilities(0.70, spread: 0.01));
        Assert.True(new PromotionRule(Margin: 0.01).Decide(Against(challenger, champion)).Promote);
        Assert.False(new PromotionRule(Margin: 0.03).Decide(Against(challenger, champion)).Promote);
    }

    [Fact]
    public void A_held_out_set_below_the_minimum_is_never_enough_however_large_the_gain()
    {
        var (promote, reason) = new PromotionRule(MinHeldOutQuestions: 100).Decide(Against(Utilities(0.95, 12), Utilities(0.30, 12)));
        Assert.False(promote);
        Assert.Equal("only 12 held-out questions, fewer than the 100 a promotion needs", reason);
        Assert.False(new PromotionRule(MinHeldOutQuestions: 100).Decide(new PromotionEvidence(Utilities(0.95, 12), null, false)).Promote);
    }

    [Fact]
    public void A_challenger_worse_than_the_shipped_classifier_is_not_promoted_even_over_a_worse_champion()
    {
        var evidence = new PromotionEvidence(Utilities(0.70), Utilities(0.50), ChampionExists: true, Shipped: Utilities(0.75));
        var (promote, reason) = new PromotionRule().Decide(evidence);
        Assert.False(promote);
        Assert.Contains("below the shipped classifier's", reason);
        Assert.True(new PromotionRule().Decide(evidence with { Shipped = Utilities(0.70) }).Promote);
    }

    [Fact]
    public void Questions_a_classifier_picked_nothing_for_are_left_out_of_the_pairs()
    {
        var champion = Utilities(0.70);
        var challenger = Utilities(0.80);
        for (var i = 0; i < 50; i++) champion[i] = double.NaN;
        var (promote, reason) = new PromotionRule().Decide(Against(challenger, champion));
        Assert.True(promote, reason);
        Assert.Contains("of 150 questions", reason);
    }

    [Fact]
    public void Auto_promotes_when_there_is_no_champion_to_compare_with_and_says_why()
    {
        Assert.Equal((true, "no champion yet"), new PromotionRule().Decide(new PromotionEvidence(Utilities(0.1), null, ChampionExists: false)));
        Assert.Equal((true, "the champion uses another encoder"), new PromotionRule().Decide(new PromotionEvidence(Utilities(0.1), null, ChampionExists: true)));
    }

    [Fact]
    public void Always_and_never_ignore_the_figures_and_an_unknown_mode_is_refused()
    {
        Assert.True(new PromotionRule("always").Decide(Against(Utilities(0.1, 3), Utilities(0.9, 3))).Promote);
        Assert.False(new PromotionRule("never").Decide(Against(Utilities(0.9), Utilities(0.1))).Promote);
        Assert.Throws<ArgumentException>(() => new PromotionRule("sometimes").Decide(Against(Utilities(0.9), Utilities(0.1))));
    }
}
