using System.Net;
using System.Text;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Forwarding;
using SemanticRouter.Gateway.Health;
using SemanticRouter.Gateway.Protocols;

namespace SemanticRouter.Gateway.Tests.Forwarding;

/// <summary>The forwarder against an upstream in memory (a fake <see cref="HttpMessageHandler"/>), as YARP tests its forwarder.</summary>
public sealed class ForwarderTests
{
    private static readonly CatalogModel Model = new("m", new Uri("http://upstream.test/"), "m-upstream", "secret", null,
        new UpstreamTimeouts(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)));
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""");
    private const string Answer = """{"choices":[{"index":0,"message":{"role":"assistant","content":"42"}}],"usage":{"prompt_tokens":3,"completion_tokens":1}}""";

    private static (Forwarder Forwarder, UpstreamHealth Health) Build(FakeUpstream upstream, int retries = 2, int breakerMinimumThroughput = 5)
    {
        var health = TestParts.Health(breakerMinimumThroughput);
        return (TestParts.Forwarder(upstream, TestParts.Metrics(), new ForwardingOptions { Retries = retries, RetryDelayMs = 1 }, health), health);
    }

    /// <summary>
    /// Sends <see cref="Body"/> once, relayed to a client through YARP's forwarder (the chat path) or opened for a whole
    /// answer (background calls): both go through the same attempts. Returns the status the caller got.
    /// </summary>
    private static async Task<HttpStatusCode> SendAsync(Forwarder forwarder, bool relayed)
    {
        if (!relayed)
        {
            using var call = await forwarder.OpenAsync(Model, Body, CancellationToken.None);
            return call.Response!.StatusCode;
        }
        var context = TestContext.Create();
        await forwarder.ForwardAsync(context, Model, Body, ChatRequest.Parse(Body), ChatProtocols.OpenAiChat);
        return (HttpStatusCode)context.Response.StatusCode;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_request_goes_to_the_models_endpoint_with_its_key(bool relayed)
    {
        string? authorization = null;
        var upstream = new FakeUpstream((request, _, _) =>
        {
            authorization = request.Headers.Authorization?.ToString();
            return Task.FromResult(FakeUpstream.Json(Answer));
        });
        var (forwarder, _) = Build(upstream);

        var status = await SendAsync(forwarder, relayed);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("http://upstream.test/v1/chat/completions", upstream.Sent.Single().Url.ToString());
        Assert.Equal("Bearer secret", authorization);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_503_is_retried_and_the_next_answer_is_the_one_returned(bool relayed)
    {
        var upstream = new FakeUpstream((_, call, _) => Task.FromResult(call == 1
            ? FakeUpstream.Json("""{"error":{}}""", HttpStatusCode.ServiceUnavailable)
            : FakeUpstream.Json(Answer)));
        var (forwarder, _) = Build(upstream);

        var status = await SendAsync(forwarder, relayed);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, upstream.Calls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_model_that_keeps_failing_gets_a_502_after_its_retries(bool relayed)
    {
        var upstream = new FakeUpstream((_, _, _) => Task.FromResult(FakeUpstream.Json("{}", HttpStatusCode.InternalServerError)));
        var (forwarder, _) = Build(upstream, retries: 2);

        var failure = await Assert.ThrowsAsync<GatewayException>(() => SendAsync(forwarder, relayed));

        Assert.Equal((502, "upstream_failed"), (failure.Status, failure.Code));
        Assert.Equal(3, upstream.Calls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task No_first_byte_within_the_timeout_is_a_504_and_is_not_retried(bool relayed)
    {
        var upstream = new FakeUpstream(async (_, _, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return FakeUpstream.Json(Answer);
        });
        var (forwarder, _) = Build(upstream);

        var failure = await Assert.ThrowsAsync<GatewayException>(() => SendAsync(forwarder, relayed));

        Assert.Equal(504, failure.Status);
        Assert.Equal(1, upstream.Calls);
    }

    [Fact]
    public async Task A_whole_answer_is_relayed_with_its_length_and_kept_for_the_flywheel()
    {
        var (forwarder, _) = Build(new FakeUpstream((_, _, _) => Task.FromResult(FakeUpstream.Json(Answer))));
        var context = TestContext.Create();
        var request = ChatRequest.Parse(Body);

        var answer = await forwarder.ForwardAsync(context, Model, Body, request, ChatProtocols.OpenAiChat);

        Assert.Equal(Answer, context.Body());
        Assert.Equal(Encoding.UTF8.GetByteCount(Answer), context.Response.ContentLength);
        Assert.True(answer.Succeeded);
        Assert.Equal(Answer, Encoding.UTF8.GetString(answer.Body.Span));
        Assert.Equal(new ParsedAnswer("42", null, 3, 1), answer.Read(Model.Protocol));
    }

    [Fact]
    public async Task A_stream_reaches_the_client_without_the_usage_chunk_it_did_not_ask_for_and_the_flywheel_keeps_it()
    {
        const string Usage = """{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1}}""";
        var (forwarder, _) = Build(new FakeUpstream((_, _, _) => Task.FromResult(
            FakeUpstream.Events("""{"choices":[{"index":0,"delta":{"content":"42"}}]}""", Usage, "[DONE]"))));
        var context = TestContext.Create();
        var request = ChatRequest.Parse(Encoding.UTF8.GetBytes("""{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}"""));

        var answer = await forwarder.ForwardAsync(context, Model, Body, request, ChatProtocols.OpenAiChat);

        Assert.DoesNotContain("usage", context.Body());
        Assert.EndsWith("data: [DONE]\n\n", context.Body());
        Assert.Equal("no-cache", context.Response.Headers.CacheControl.ToString());
        Assert.Equal(new ParsedAnswer("42", null, 3, 1), answer.Read(Model.Protocol));
        Assert.NotNull(answer.TtftMs);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_stream_cut_after_bytes_went_out_ends_with_an_error_event_and_counts_against_the_model(bool cut)
    {
        const string Delta = """{"choices":[{"index":0,"delta":{"content":"4"}}]}""";
        var (forwarder, health) = Build(new FakeUpstream((_, _, _) =>
            Task.FromResult(cut ? FakeUpstream.EventsThenCut(Delta) : FakeUpstream.Events(Delta, "[DONE]"))), retries: 0, breakerMinimumThroughput: 2);
        var request = ChatRequest.Parse(Encoding.UTF8.GetBytes("""{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}"""));

        for (var i = 0; i < 2; i++)
        {
            var context = TestContext.Create();
            var answer = await forwarder.ForwardAsync(context, Model, Body, request, ChatProtocols.OpenAiChat);

            Assert.StartsWith($"data: {Delta}\n\n", context.Body());
            Assert.Equal(cut, context.Body().Contains("\"code\":\"stream_interrupted\"", StringComparison.Ordinal));
            Assert.EndsWith("data: [DONE]\n\n", context.Body());
            Assert.Equal(!cut, answer.Succeeded);
        }
        // The circuit opens on half of at least two calls failing. The headers came with 200 both times: the breaker
        // heard the cuts because it hears a call when its body has ended.
        Assert.Equal(!cut, health.IsAvailable(Model.Name));
    }
}
