using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Forwarding;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Protocols;

namespace SemanticRouter.Gateway.Tests.Forwarding;

/// <summary>The Forward stage over a forwarder whose upstreams are in memory: attempts, fallbacks, the hand-over after the answer.</summary>
public sealed class ForwardStageTests
{
    private static readonly CatalogModel Failing = TestParts.Model("failing", "failing.test");
    private static readonly CatalogModel Working = TestParts.Model("working", "working.test");
    private const string Answer = """{"choices":[{"index":0,"message":{"role":"assistant","content":"42"}}],"usage":{"prompt_tokens":300,"completion_tokens":200}}""";

    private static readonly FakeUpstream Upstream = new((request, _, _) => Task.FromResult(request.RequestUri!.Host == "failing.test"
        ? FakeUpstream.Json("{}", HttpStatusCode.BadGateway)
        : FakeUpstream.Json(Answer)));

    private static ForwardStage Stage(IAnswerObserver? observer)
    {
        var metrics = TestParts.Metrics();
        var options = new ForwardingOptions { Retries = 0 };
        return new ForwardStage(TestParts.Forwarder(Upstream, metrics, options), new ConcurrencyCaps(Options.Create(new CatalogOptions()), metrics),
            metrics, Options.Create(options), observer);
    }

    private static Exchange Exchange(string model, Action<ParsedAnswer>? charge = null) =>
        TestParts.Exchange($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""", charge: charge);

    private static readonly ExchangeDelegate Nothing = (_, _) => Task.CompletedTask;

    [Fact]
    public async Task A_routed_request_whose_model_fails_gets_the_next_best_ones_answer_and_both_attempts_are_heard()
    {
        var observer = new Observer();
        var exchange = Exchange("auto");
        exchange.Decision = new RouteDecision(Failing, "v1", Alternatives: [Failing, Working]);
        var context = TestContext.Create();

        await Stage(observer).InvokeAsync(context, exchange, Nothing);

        Assert.Equal(Answer, context.Body());
        Assert.Equal("working", context.Response.Headers[GatewayHeaders.Model].ToString());
        Assert.Equal([("failing", 502)], observer.Failed);
        Assert.Same(exchange, Assert.Single(observer.Answered));
        Assert.Equal(Working, exchange.Model);
        Assert.True(exchange.Answer!.Succeeded);
    }

    [Fact]
    public async Task A_request_that_named_its_model_is_not_rerouted_when_it_fails()
    {
        var observer = new Observer();
        var exchange = Exchange("failing");
        exchange.Model = Failing;

        var failure = await Assert.ThrowsAsync<GatewayException>(() => Stage(observer).InvokeAsync(TestContext.Create(), exchange, Nothing));

        Assert.Equal(502, failure.Status);
        Assert.Equal([("failing", 502)], observer.Failed);
        Assert.Empty(observer.Answered);
    }

    [Fact]
    public async Task The_key_is_charged_the_answers_tokens_before_the_stage_returns_with_or_without_an_observer()
    {
        foreach (var observer in new[] { new Observer(), null })
        {
            var charged = new List<int?>();
            var exchange = Exchange("working", parsed => charged.Add(parsed.PromptTokens + parsed.CompletionTokens));
            exchange.Model = Working;

            await Stage(observer).InvokeAsync(TestContext.Create(), exchange, Nothing);

            Assert.Equal([500], charged);
        }
    }

    private sealed class Observer : IAnswerObserver
    {
        public List<(string Model, int Status)> Failed { get; } = [];
        public List<Exchange> Answered { get; } = [];

        public Task OnFailedAsync(Exchange exchange, CatalogModel model, int status, string error)
        {
            Failed.Add((model.Name, status));
            return Task.CompletedTask;
        }

        public ValueTask OnAnsweredAsync(Exchange exchange)
        {
            Answered.Add(exchange);
            return ValueTask.CompletedTask;
        }
    }
}
