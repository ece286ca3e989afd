namespace SemanticRouter.Mock.Tests;

public sealed class MockAnswersTests
{
    private static readonly World World = EmbeddedData.World("default");

    [Theory]
    [InlineData("qwen-max")]
    [InlineData("qwen-medicine-3b")]
    public void An_answer_is_attributed_to_the_model_that_wrote_it(string id)
    {
        var answer = MockAnswers.Compose("求微分方程 dy/dx = x^2 + 1 的通解", World.Find(id)!);
        Assert.Equal(id, MockAnswers.AttributedModel(answer));
    }

    [Fact]
    public void An_unsigned_answer_is_not_attributed()
    {
        Assert.Null(MockAnswers.AttributedModel("The answer is 42."));
    }

    [Fact]
    public void Stream_pieces_concatenate_to_the_answer()
    {
        var answer = MockAnswers.Compose("Write a haiku about autumn rain", World.Find("qwen-writing-7b")!);
        var pieces = MockChat.Split(answer, 8);
        Assert.InRange(pieces.Count, 2, 8);
        Assert.Equal(answer, string.Concat(pieces));
    }

    [Fact]
    public void Evaluate_scores_known_questions_and_refuses_the_rest()
    {
        var questions = EmbeddedData.Questions("verify");
        var options = new MockOptions { World = World, Questions = questions };
        var question = questions.Items[3];
        var model = World.Find("qwen-code-7b")!;
        var answer = MockAnswers.Compose(question.Question, model);

        Assert.Equal(World.Score(question, model), MockEndpoints.Score(new(question.Question, answer), options));
        Assert.Equal(-1, MockEndpoints.Score(new("a question nobody asked", answer), options));
        Assert.Equal(-1, MockEndpoints.Score(new(question.Question, "no signature here"), options));
        Assert.Equal(-1, MockEndpoints.Score(new(question.Question, "(answered by gpt-unknown)"), options));
        Assert.Equal(-1, MockEndpoints.Score(null, options));
    }
}
