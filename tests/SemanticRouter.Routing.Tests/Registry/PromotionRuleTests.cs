using SemanticRouter.Routing.Registry;

namespace SemanticRouter.Routing.Tests.Registry;

public sealed class PromotionRuleTests
{
    [Fact]
    public void Auto_promotes_a_challenger_at_least_as_good_as_the_champion_plus_the_margin()
    {
        Assert.True(new PromotionRule("auto", 0).Decide(0.70, 0.70, championExists: true).Promote);
        Assert.False(new PromotionRule("auto", 0).Decide(0.69, 0.70, championExists: true).Promote);
        Assert.False(new PromotionRule("auto", 0.02).Decide(0.71, 0.70, championExists: true).Promote);
        Assert.True(new PromotionRule("auto", 0.02).Decide(0.72, 0.70, championExists: true).Promote);
    }

    [Fact]
    public void Auto_promotes_when_there_is_no_champion_to_compare_with_and_says_why()
    {
        Assert.Equal((true, "no champion yet"), new PromotionRule().Decide(0.1, null, championExists: false));
        Assert.Equal((true, "the champion uses another encoder"), new PromotionRule().Decide(0.1, null, championExists: true));
    }

    [Fact]
    public void Always_and_never_ignore_the_figures_and_an_unknown_mode_is_refused()
    {
        Assert.True(new PromotionRule("always").Decide(0.1, 0.9, championExists: true).Promote);
        Assert.False(new PromotionRule("never").Decide(0.9, 0.1, championExists: true).Promote);
        Assert.Throws<ArgumentException>(() => new PromotionRule("sometimes").Decide(0.9, 0.1, championExists: true));
    }
}
