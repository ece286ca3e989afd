using System.Text.Json;
using SemanticRouter.Routing.Encoders;
using SemanticRouter.Routing.Policy;
using SemanticRouter.Routing.Registry;

namespace SemanticRouter.Routing.Tests;

/// <summary>The shipped classifier deciding real messages.</summary>
public sealed class ClassifierTests : IDisposable
{
    private readonly OnnxEncoder _encoder = OnnxEncoder.Load(ShippedModels.Encoder);
    private readonly Classifier _classifier;

    public ClassifierTests() => _classifier = ClassifierStore.Load(ShippedModels.Classifier, _encoder);

    public void Dispose() => _encoder.Dispose();

    [Theory]
    [InlineData("hi")]
    [InlineData("thanks")]
    [InlineData("ok")]
    [InlineData("good morning")]
    public void Chit_chat_goes_to_the_model_expected_to_answer_fastest(string message)
    {
        var decision = _classifier.Decide(message, new UtilityPolicy(0.35, 0, "qwen-max", minRoutableTokens: 4), _ => true);

        Assert.True(decision.ShortMessage);
        Assert.True(decision.Confident, "not sent to the fallback model, which is the slowest");
        Assert.Equal(decision.Ranked.Min(c => c.LatencySeconds), decision.Ranked[0].LatencySeconds);
        // Ranked by utility instead, the head's guesses about a domain "hi" does not have would pick a mid-sized specialist.
        var byUtility = _classifier.Decide(message, new UtilityPolicy(0.35, 0, "qwen-max"), _ => true);
        Assert.False(byUtility.ShortMessage);
        Assert.True(byUtility.Ranked[0].LatencySeconds > decision.Ranked[0].LatencySeconds);
    }

    [Fact]
    public void No_question_of_the_train_or_verify_set_is_short_enough_to_skip_the_estimates()
    {
        var policy = new UtilityPolicy(0.35, 0, "qwen-max", minRoutableTokens: 4);
        foreach (var split in new[] { "train", "verify" })
        {
            using var set = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Repository.Root(), "datasets", split + ".json")));
            foreach (var item in set.RootElement.GetProperty("questions").EnumerateArray())
            {
                var question = item.GetProperty("question").GetString()!;
                Assert.False(_classifier.Decide(question, policy, _ => true).ShortMessage, question);
            }
        }
    }
}
