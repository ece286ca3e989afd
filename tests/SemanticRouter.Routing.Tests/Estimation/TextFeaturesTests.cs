using SemanticRouter.Routing.Estimation;

namespace SemanticRouter.Routing.Tests.Estimation;

public sealed class TextFeaturesTests
{
    [Fact]
    public void The_same_text_always_gives_the_same_features()
    {
        var a = new float[TextFeatures.Dimension];
        var b = new float[TextFeatures.Dimension];
        TextFeatures.Write("求微分方程 dy/dx = x^2 + 1 的通解", a);
        TextFeatures.Write("求微分方程 dy/dx = x^2 + 1 的通解", b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Hashed_ngrams_are_unit_length_and_case_blind()
    {
        var upper = new float[TextFeatures.Dimension];
        var lower = new float[TextFeatures.Dimension];
        TextFeatures.Write("Write A Python Function", upper);
        TextFeatures.Write("write a python function", lower);
        Assert.Equal(lower.AsSpan(0, TextFeatures.HashBuckets).ToArray(), upper.AsSpan(0, TextFeatures.HashBuckets).ToArray());
        var norm = Math.Sqrt(upper.Take(TextFeatures.HashBuckets).Sum(x => x * x));
        Assert.Equal(1, norm, 5);
    }

    [Fact]
    public void Shape_statistics_see_script_and_code()
    {
        var chinese = new float[TextFeatures.Dimension];
        var code = new float[TextFeatures.Dimension];
        TextFeatures.Write("头上长了一个包，按着有点疼", chinese);
        TextFeatures.Write("for (int i = 0; i < n; i++) { sum += a[i]; }", code);
        Assert.True(chinese[TextFeatures.HashBuckets + 1] > 0.8); // CJK share
        Assert.Equal(0, code[TextFeatures.HashBuckets + 1]);
        Assert.True(code[TextFeatures.HashBuckets + 3] > chinese[TextFeatures.HashBuckets + 3]); // code symbols
    }

    [Fact]
    public void Empty_text_is_fine()
    {
        var features = new float[TextFeatures.Dimension];
        TextFeatures.Write("", features);
        Assert.All(features, f => Assert.False(float.IsNaN(f)));
    }
}
