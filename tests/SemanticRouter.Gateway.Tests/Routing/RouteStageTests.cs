using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Routing;

namespace SemanticRouter.Gateway.Tests.Routing;

public sealed class RouteStageTests
{
    private static readonly CatalogModel Math7b = TestParts.Model("qwen-math-7b");
    private static readonly CatalogModel Max = TestParts.Model("qwen-max");

    private static (RouteStage Stage, Router Router) Build()
    {
        var catalog = new ModelCatalog();
        catalog.Replace([Math7b, Max]);
        var router = new Router(new RouteDecision(Math7b, "router-v1", "qwen-math-7b=0.9;qwen-max=0.8", 1.25, Alternatives: [Math7b, Max]));
        return (new RouteStage(router, catalog, TestParts.Metrics()), router);
    }

    private static Exchange Exchange(string? model) => TestParts.Exchange(model is null
        ? """{"messages":[{"role":"user","content":"hi"}]}"""
        : $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""");

    [Theory]
    [InlineData("auto")]
    [InlineData(null)]
    public async Task A_request_for_auto_or_no_model_gets_the_routers_decision_and_headers_that_describe_it(string? model)
    {
        var (stage, router) = Build();
        var exchange = Exchange(model);
        var context = TestContext.Create();
        var handedOn = false;

        await stage.InvokeAsync(context, exchange, (_, e) => Task.FromResult(handedOn = e == exchange));

        Assert.True(handedOn);
        Assert.Equal(1, router.Calls);
        Assert.Same(router.Decision, exchange.Decision);
        Assert.Equal("routed", exchange.Mode);
        Assert.Equal("router-v1", context.Response.Headers[GatewayHeaders.Version].ToString());
        Assert.Equal("1.25", context.Response.Headers[GatewayHeaders.DecisionMs].ToString());
        Assert.Equal("qwen-math-7b=0.9;qwen-max=0.8", context.Response.Headers[GatewayHeaders.Candidates].ToString());
    }

    [Fact]
    public async Task A_request_that_names_a_catalog_model_gets_it_without_routing()
    {
        var (stage, router) = Build();
        var exchange = Exchange("qwen-max");
        var context = TestContext.Create();

        await stage.InvokeAsync(context, exchange, (_, _) => Task.CompletedTask);

        Assert.Equal(0, router.Calls);
        Assert.Equal((Max, null, "explicit"), (exchange.Model, exchange.Decision, exchange.Mode));
        Assert.False(context.Response.Headers.ContainsKey(GatewayHeaders.Version));
    }

    [Fact]
    public async Task A_request_that_names_a_model_the_catalog_lacks_gets_404_and_goes_no_further()
    {
        var (stage, _) = Build();
        var handedOn = false;

        var failure = await Assert.ThrowsAsync<GatewayException>(() =>
            stage.InvokeAsync(TestContext.Create(), Exchange("gpt-9"), (_, _) => Task.FromResult(handedOn = true)));

        Assert.Equal((404, "model_not_found"), (failure.Status, failure.Code));
        Assert.False(handedOn);
    }

    private sealed class Router(RouteDecision decision) : IModelRouter
    {
        public RouteDecision Decision => decision;
        public int Calls { get; private set; }

        public RouteDecision Route(ChatRequest request)
        {
            Calls++;
            return decision;
        }
    }
}
