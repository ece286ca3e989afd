using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Protocols;
using SemanticRouter.Gateway.Recording;
using SemanticRouter.Gateway.Shadow;

namespace SemanticRouter.Gateway.Tests.Recording;

public sealed class FlywheelRowsTests
{
    private static readonly CatalogModel Math7b = TestParts.Model("qwen-math-7b", price: 2.0);

    private static Exchange Routed()
    {
        var exchange = TestParts.Exchange("""{"model":"auto","messages":[{"role":"user","content":"What is 2+2?"}]}""");
        exchange.Decision = new RouteDecision(Math7b, "router-v1", "qwen-math-7b=0.9", 1.0);
        return exchange;
    }

    [Fact]
    public void A_routed_answer_becomes_a_row_with_its_question_routing_timings_usage_and_cost()
    {
        var exchange = Routed();
        var answer = new UpstreamAnswer(200, default, Streamed: true, Truncated: false, LatencyMs: 120, TtftMs: 30, Error: null);
        var recorded = new RecordedAnswer(exchange, "routed", Math7b, answer, new ParsedAnswer("4", "qwen-math-7b", 300, 200), "qwen-math-7b");

        var row = FlywheelRows.Row(recorded);

        Assert.Equal(("request-1", "routed", "What is 2+2?", "qwen-math-7b", "4"), (row.RequestId, row.Mode, row.Question, row.Model, row.Answer));
        Assert.Equal((120.0, (double?)30.0, (int?)300, (int?)200), (row.LatencyMs, row.TtftMs, row.PromptTokens, row.CompletionTokens));
        Assert.Equal(1.0, row.Cost, 9); // 500 tokens at 2.0 per 1,000
        Assert.Equal(("router-v1", "qwen-math-7b", "qwen-math-7b=0.9"), (row.RouterVersion, row.ChosenModel, row.Candidates));
        Assert.Equal(exchange.Request.MessagesSha256, row.MessagesSha256);
        Assert.Equal((200, (string?)null, (double?)null), (row.Status, row.Error, row.Score));
        Assert.Equal(row.Key, FlywheelRows.Key(recorded));
    }

    [Fact]
    public void An_answer_longer_than_the_capture_says_so_and_an_explicit_ones_row_has_no_routing()
    {
        var exchange = TestParts.Exchange("""{"model":"qwen-math-7b","messages":[{"role":"user","content":"hi"}]}""", "request-2");
        exchange.Model = Math7b;
        var answer = new UpstreamAnswer(200, default, false, Truncated: true, 10, null, null);

        var row = FlywheelRows.Row(new RecordedAnswer(exchange, exchange.Mode, Math7b, answer, ParsedAnswer.Empty, Math7b.Name) { Score = 0.5 });

        Assert.Equal(("explicit", "", (string?)null), (row.Mode, row.RouterVersion, row.Candidates));
        Assert.Equal("answer longer than Gateway:MaxCapturedAnswerBytes", row.Error);
        Assert.Equal(0.5, row.Score);
    }
}
