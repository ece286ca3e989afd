using Microsoft.AspNetCore.Http;
using SemanticRouter.Gateway.Pipeline;

namespace SemanticRouter.Gateway.Tests.Pipeline;

public sealed class ChatPipelineTests
{
    private static Exchange Exchange() => TestParts.Exchange("""{"messages":[{"role":"user","content":"hi"}]}""");

    [Fact]
    public async Task The_stages_see_the_same_exchange_in_their_order()
    {
        var seen = new List<(string, Exchange)>();
        var pipeline = new ChatPipeline([new Stage("first", seen), new Stage("second", seen), new Stage("third", seen)]);
        var exchange = Exchange();

        await pipeline.InvokeAsync(new DefaultHttpContext(), exchange);

        Assert.Equal([("first", exchange), ("second", exchange), ("third", exchange)], seen);
    }

    [Fact]
    public async Task A_stage_that_answers_itself_ends_the_pipeline_there()
    {
        var seen = new List<(string, Exchange)>();
        var pipeline = new ChatPipeline([new Stage("first", seen), new Stage("answers", seen, handOn: false), new Stage("never", seen)]);

        await pipeline.InvokeAsync(new DefaultHttpContext(), Exchange());

        Assert.Equal(["first", "answers"], seen.Select(s => s.Item1));
    }

    private sealed class Stage(string name, List<(string, Exchange)> seen, bool handOn = true) : IExchangeStage
    {
        public Task InvokeAsync(HttpContext context, Exchange exchange, ExchangeDelegate next)
        {
            seen.Add((name, exchange));
            return handOn ? next(context, exchange) : Task.CompletedTask;
        }
    }
}
