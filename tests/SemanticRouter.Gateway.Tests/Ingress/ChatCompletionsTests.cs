using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Ingress;
using SemanticRouter.Gateway.Pipeline;

namespace SemanticRouter.Gateway.Tests.Ingress;

public sealed class ChatCompletionsTests
{
    private static (ChatCompletions Handler, List<Exchange> Handed) Build(IngressOptions? options = null)
    {
        var handed = new List<Exchange>();
        var pipeline = new ChatPipeline([new Capture(handed)]);
        return (new ChatCompletions(Options.Create(options ?? new IngressOptions()), pipeline), handed);
    }

    private static HttpContext Request(string json, string? trainingHeader = null)
    {
        var context = TestContext.Create();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        if (trainingHeader is not null) context.Request.Headers[TrainingHeader.Name] = trainingHeader;
        return context;
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("false", false)]
    [InlineData("yes", false)]
    public async Task A_checked_request_goes_on_as_one_exchange_with_its_id_in_the_response(string? trainingHeader, bool training)
    {
        var (handler, handed) = Build();
        const string Json = """{"model":"qwen-max","stream":true,"messages":[{"role":"user","content":"2+2?"}]}""";
        var context = Request(Json, trainingHeader);

        await handler.HandleAsync(context);

        var exchange = Assert.Single(handed);
        Assert.Equal(context.Response.Headers[GatewayHeaders.RequestId].ToString(), exchange.RequestId);
        Assert.Matches("^[0-9a-f]{32}$", exchange.RequestId);
        Assert.Equal(("qwen-max", true, "2+2?"), (exchange.Request.Model, exchange.Request.Stream, exchange.Request.Question));
        Assert.Equal(Json, Encoding.UTF8.GetString(exchange.Body.Span));
        Assert.Equal("openai-chat", exchange.Protocol.Name);
        Assert.Equal(training, exchange.TrainingRequested);
        Assert.Null(exchange.Charge); // no client key: nobody to charge
    }

    [Fact]
    public async Task A_request_beyond_the_limits_goes_no_further()
    {
        var (handler, handed) = Build(new IngressOptions { MaxMessages = 1 });

        await Assert.ThrowsAsync<InvalidRequestException>(() =>
            handler.HandleAsync(Request("""{"messages":[{"role":"user","content":"a"},{"role":"user","content":"b"}]}""")));
        var tooLarge = await Assert.ThrowsAsync<GatewayException>(() =>
            Build(new IngressOptions { MaxRequestBodyBytes = 10 }).Handler.HandleAsync(Request("""{"messages":[{"role":"user","content":"a"}]}""")));

        Assert.Equal(413, tooLarge.Status);
        Assert.Empty(handed);
    }

    private sealed class Capture(List<Exchange> handed) : IExchangeStage
    {
        public Task InvokeAsync(HttpContext context, Exchange exchange, ExchangeDelegate next)
        {
            handed.Add(exchange);
            return Task.CompletedTask;
        }
    }
}
