using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace SemanticRouter.IntegrationTests;

/// <summary>
/// What a production proxy does with HTTP itself, which the Forward stage gets from YARP's forwarder: hop-by-hop
/// headers, HTTP/2 upstreams, <c>Expect: 100-continue</c>, a client that leaves, the upstream's <c>Retry-After</c>.
/// Each test scripts a Kestrel upstream on a loopback port, served to the gateway as model <c>m</c>.
/// </summary>
public sealed class ProxyTests
{
    private const string Answer = """{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"An answer"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""";
    private const string Chunk = """data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"An "},"finish_reason":null}]}""" + "\n\n";
    private const string Chat = """{"model":"m","messages":[{"role":"user","content":"hello"}]}""";
    private const string StreamChat = """{"model":"m","stream":true,"messages":[{"role":"user","content":"hello"}]}""";

    private static Task<TestServers> GatewayAsync(Upstream upstream, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Gateway:Models:0:Name"] = "m",
            ["Gateway:Models:0:BaseUrl"] = upstream.Url,
            ["Resilience:RetryDelayMs"] = "10",
        };
        foreach (var (key, value) in settings) all[key] = value;
        return TestServers.StartAsync(settings: all);
    }

    /// <summary>Answers a chat request whole (with its length) or as a stream, as an OpenAI upstream does.</summary>
    private static async Task AnswerAsync(HttpContext context)
    {
        var stream = Encoding.UTF8.GetString(await ReadBodyAsync(context.Request)).Contains("\"stream\":true");
        if (!stream)
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = Encoding.UTF8.GetByteCount(Answer);
            await context.Response.WriteAsync(Answer);
            return;
        }
        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync(Chunk);
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        return body.ToArray();
    }

    [Fact]
    public async Task Hop_by_hop_headers_are_not_forwarded_either_way_and_end_to_end_ones_reach_the_client()
    {
        await using var upstream = await Upstream.StartAsync(async context =>
        {
            var headers = context.Response.Headers;
            headers["Keep-Alive"] = "timeout=5";
            headers["Upgrade"] = "h2c";
            headers["Proxy-Authenticate"] = "Basic";
            headers.Connection = "x-upstream-hop";
            headers["x-upstream-hop"] = "named by Connection";
            headers["x-upstream-request-id"] = "req-7";
            headers["x-semantic-router-model"] = "not-the-gateways";
            await AnswerAsync(context);
        });
        await using var servers = await GatewayAsync(upstream);

        // A chunked body (no length) with hop-by-hop headers, and a key of the client's own.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Chat))) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.TryAddWithoutValidation("Connection", "keep-alive, x-client-hop");
        request.Headers.TryAddWithoutValidation("x-client-hop", "named by Connection");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.Authorization = new("Bearer", "the-clients-key");
        using var response = await servers.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Answer, await response.Content.ReadAsStringAsync());
        var sent = Assert.Single(upstream.Requests).Headers;
        foreach (var name in new[] { "Connection", "Keep-Alive", "TE", "Upgrade", "Transfer-Encoding", "x-client-hop", "Authorization" })
            Assert.False(sent.ContainsKey(name), $"the upstream got the client's {name}: {sent.GetValueOrDefault(name)}");
        Assert.Equal(Encoding.UTF8.GetByteCount(Chat).ToString(), sent["Content-Length"]);

        var received = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        foreach (var name in new[] { "Keep-Alive", "Upgrade", "Proxy-Authenticate", "Transfer-Encoding", "x-upstream-hop" })
            Assert.False(received.ContainsKey(name), $"the client got the upstream's {name}: {received.GetValueOrDefault(name)}");
        Assert.False(received.TryGetValue("Connection", out var connection) && connection.Contains("x-upstream-hop"), $"Connection: {connection}");
        Assert.Equal(Encoding.UTF8.GetByteCount(Answer), response.Content.Headers.ContentLength);
        Assert.Equal("req-7", received["x-upstream-request-id"]); // an end-to-end header passes
        Assert.Equal("m", received["x-semantic-router-model"]); // the gateway's own headers are its own
    }

    [Fact]
    public async Task An_HTTP2_upstream_with_prior_knowledge_answers_whole_and_streamed()
    {
        await using var upstream = await Upstream.StartAsync(AnswerAsync, HttpProtocols.Http2);
        await using var servers = await GatewayAsync(upstream,
            ("Gateway:Models:0:HttpVersion", "2"), ("Gateway:Models:0:HttpVersionPolicy", "RequestVersionExact"));

        using var whole = await servers.Http.PostAsync("/v1/chat/completions", Json.Body(Chat));
        var events = await Sse.ReadEventsAsync(servers.Http, System.Text.Json.JsonDocument.Parse(StreamChat).RootElement);

        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(Answer, await whole.Content.ReadAsStringAsync());
        Assert.Equal(["An ", null], events.Select(e => e.Content));
        Assert.Equal("[DONE]", events[^1].Data);
        Assert.All(upstream.Requests, r => Assert.Equal("HTTP/2", r.Protocol));
        Assert.Equal(2, upstream.Requests.Count);
    }

    [Fact]
    public async Task A_client_that_sends_Expect_100_continue_gets_the_go_ahead_and_its_answer()
    {
        await using var upstream = await Upstream.StartAsync(AnswerAsync);
        await using var servers = await GatewayAsync(upstream);
        using var client = new TcpClient();
        await client.ConnectAsync(servers.GatewayUrl.Host, servers.GatewayUrl.Port);
        var stream = client.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        // The headers alone; the body goes only once the gateway says to go ahead.
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {Encoding.UTF8.GetByteCount(Chat)}\r\nExpect: 100-continue\r\n\r\n"), timeout.Token);
        var interim = await ReadUntilAsync(stream, "\r\n\r\n", timeout.Token);
        Assert.StartsWith("HTTP/1.1 100 Continue", interim);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(Chat), timeout.Token);
        var answer = await ReadUntilAsync(stream, Answer, timeout.Token);

        Assert.StartsWith("HTTP/1.1 200 OK", answer);
        Assert.False(Assert.Single(upstream.Requests).Headers.ContainsKey("Expect")); // the gateway sends a body it holds
    }

    private static async Task<string> ReadUntilAsync(NetworkStream stream, string end, CancellationToken ct)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains(end, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0) break;
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        return text.ToString();
    }

    [Fact]
    public async Task A_client_that_leaves_mid_stream_cancels_the_upstream_stream()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await Upstream.StartAsync(async context =>
        {
            await ReadBodyAsync(context.Request);
            context.Response.ContentType = "text/event-stream";
            try
            {
                while (true) // a stream that goes on until the gateway gives up on it
                {
                    await context.Response.WriteAsync(Chunk, context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(100, context.RequestAborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                cancelled.TrySetResult();
            }
        });
        await using var servers = await GatewayAsync(upstream);

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json.Body(StreamChat) })
        using (var response = await servers.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.StartsWith("data: ", await reader.ReadLineAsync());
        } // the client leaves after its first event

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)); // throws TimeoutException if the upstream stream lives on
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task An_upstreams_own_Retry_After_on_429_and_503_is_passed_on(int status)
    {
        await using var upstream = await Upstream.StartAsync(async context =>
        {
            await ReadBodyAsync(context.Request);
            context.Response.StatusCode = status;
            context.Response.Headers.RetryAfter = "7";
            await context.Response.WriteAsync("""{"error":{"message":"slow down","type":"rate_limit"}}""");
        });
        await using var servers = await GatewayAsync(upstream);

        using var response = await servers.Http.PostAsync("/v1/chat/completions", Json.Body(Chat));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal(3, upstream.Requests.Count); // retried as before, then given up with the upstream's word on when to come back
    }

    /// <summary>A Kestrel upstream on a loopback port that answers as the test says and keeps every request's protocol and headers.</summary>
    private sealed class Upstream : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Upstream(WebApplication app) => _app = app;

        public string Url => _app.Urls.First();
        public ConcurrentQueue<(string Protocol, Dictionary<string, string> Headers)> Requests { get; } = new();

        public static async Task<Upstream> StartAsync(RequestDelegate answer, HttpProtocols protocols = HttpProtocols.Http1)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
            var app = builder.Build();
            var upstream = new Upstream(app);
            app.MapPost("/v1/chat/completions", context =>
            {
                upstream.Requests.Enqueue((context.Request.Protocol,
                    context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
                return answer(context);
            });
            await app.StartAsync();
            return upstream;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
