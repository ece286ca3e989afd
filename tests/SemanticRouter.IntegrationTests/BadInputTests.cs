using System.Net;
using System.Text;

namespace SemanticRouter.IntegrationTests;

/// <summary>Bad input gets an OpenAI-style error with the right status, and the gateway keeps serving.</summary>
public sealed class BadInputTests
{
    public static TheoryData<string, int> Bodies => new()
    {
        { "{", 400 },
        { "not json at all", 400 },
        { "[1,2,3]", 400 },
        { "42", 400 },
        { "{}", 400 },
        { """{"messages":[]}""", 400 },
        { """{"messages":"hello"}""", 400 },
        { """{"messages":[{"role":"user","content":{"a":1}}]}""", 400 },
        { """{"model":["qwen-max"],"messages":[{"role":"user","content":"hi"}]}""", 400 },
        { """{"model":"qwen-max","stream":1,"messages":[{"role":"user","content":"hi"}]}""", 400 },
        { """{"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}""", 404 },
        { "{\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('[', 3) + "\"}]," + new string('[', 200) + new string(']', 200) + "}", 400 },
    };

    [Fact]
    public async Task A_chunk_size_that_overflows_is_a_400_and_logs_no_error()
    {
        var logs = new StringWriter();
        await using var servers = await TestServers.StartAsync(logTo: logs);
        for (var i = 0; i < 3; i++)
        {
            using var socket = new System.Net.Sockets.TcpClient();
            await socket.ConnectAsync(servers.GatewayUrl.Host, servers.GatewayUrl.Port);
            var stream = socket.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n{\"messages\":[]}\r\n0\r\n\r\n"));
            using var reader = new StreamReader(stream);
            var statusLine = await reader.ReadLineAsync();
            Assert.True(statusLine!.StartsWith("HTTP/1.1 400", StringComparison.Ordinal), $"{statusLine}: {logs}");
        }
        using var ok = await servers.Http.PostChatAsync(Json.Chat("qwen-max", "hello"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.DoesNotContain("Error ", logs.ToString().Split('\n').Select(l => l.Length > 6 ? l[..6] : l));
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Bad_bodies_get_an_openai_error_and_the_gateway_keeps_serving(string body, int status)
    {
        await using var servers = await TestServers.StartAsync();
        using var response = await servers.Http.PostAsync("/v1/chat/completions", Json.Body(body));
        await AssertOpenAiError(response, status);
        // An error is a response too: its id is what a client quotes when it reports one.
        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(response.Headers.GetValues("x-semantic-router-request-id")));
        await AssertStillServes(servers);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["Gateway:MaxRequestBodyBytes"] = "1024" });
        var big = $$"""{"model":"qwen-max","messages":[{"role":"user","content":"{{new string('x', 4096)}}"}]}""";
        using var response = await servers.Http.PostAsync("/v1/chat/completions", Json.Body(big));
        await AssertOpenAiError(response, 413);
        await AssertStillServes(servers);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["Gateway:MaxRequestBodyBytes"] = "1024" });
        var big = Encoding.UTF8.GetBytes($$"""{"messages":[{"role":"user","content":"{{new string('y', 8192)}}"}]}""");
        using var content = new StreamContent(new MemoryStream(big)); // no Content-Length: sent chunked
        content.Headers.ContentType = new("application/json");
        using var response = await servers.Http.PostAsync("/v1/chat/completions", content);
        await AssertOpenAiError(response, 413);
    }

    [Fact]
    public async Task Invalid_utf8_is_400()
    {
        await using var servers = await TestServers.StartAsync();
        byte[] body = [.. """{"messages":[{"role":"user","content":"""u8, (byte)'"', 0xC3, 0x28, (byte)'"', .. "}]}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await servers.Http.PostAsync("/v1/chat/completions", content);
        await AssertOpenAiError(response, 400);
    }

    [Fact]
    public async Task An_unreachable_upstream_is_502()
    {
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Gateway:Models:0:Name"] = "lonely-model",
            ["Gateway:Models:0:BaseUrl"] = $"http://127.0.0.1:{port}",
        });
        using var response = await servers.Http.PostChatAsync(Json.Chat("lonely-model", "hello"));
        await AssertOpenAiError(response, 502);
        await servers.Gateway.StopAsync();
        Assert.Equal(1, FlywheelFiles.Count(servers.DataDir, "model = 'lonely-model' AND status = 502 AND error IS NOT NULL AND score IS NULL"));
    }

    /// <summary>Hostile bodies, sent many at once, each answered with a 4xx OpenAI error.</summary>
    private static IEnumerable<(string Name, byte[] Body, int Status)> Hostile()
    {
        static byte[] U(string s) => Encoding.UTF8.GetBytes(s);
        const string ok = """{"role":"user","content":"hi"}""";
        yield return ("too many messages", U($$"""{"model":"qwen-max","messages":[{{string.Join(",", Enumerable.Repeat(ok, 3000))}}]}"""), 400);
        yield return ("content too long", U($$"""{"model":"qwen-max","messages":[{"role":"user","content":"{{new string('z', 300_000)}}"}]}"""), 400);
        yield return ("deep nesting", U("{\"messages\":" + new string('[', 100_000) + new string(']', 100_000) + "}"), 400);
        yield return ("deep objects", U(string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000)), 400);
        yield return ("empty object", U("{}"), 400);
        yield return ("empty body", [], 400);
        yield return ("null", U("null"), 400);
        yield return ("image part", U("""{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"http://x/y.png"}}]}]}"""), 400);
        yield return ("unknown role", U("""{"messages":[{"role":"root","content":"hi"}]}"""), 400);
        yield return ("number model", U("""{"model":7,"messages":[{"role":"user","content":"hi"}]}"""), 400);
        yield return ("string temperature", U("""{"temperature":"hot","messages":[{"role":"user","content":"hi"}]}"""), 400);
        yield return ("fractional max_tokens", U("""{"max_tokens":1.5,"messages":[{"role":"user","content":"hi"}]}"""), 400);
        yield return ("stream_options not object", U("""{"stream":true,"stream_options":true,"messages":[{"role":"user","content":"hi"}]}"""), 400);
        yield return ("lone surrogate escape", U("""{"messages":[{"role":"user","content":"\ud800"}]}"""), 400);
        yield return ("overlong utf-8", [.. U("""{"messages":[{"role":"user","content":" """), 0xC0, 0xAF, .. U("\"}]}")], 400);
        yield return ("nul bytes", [.. U("{\"messages\":"), 0, 0, 0, .. U("[]}")], 400);
        yield return ("huge number", U("""{"n":1e999999,"messages":[{"role":"user","content":"hi"}]}"""), 400);
        yield return ("truncated", U("""{"messages":[{"role":"user","content":"hi"""), 400);
    }

    [Fact]
    public async Task A_battery_of_hostile_bodies_gets_4xx_errors_and_the_gateway_keeps_serving_and_recording()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?> { ["Gateway:MaxContentChars"] = "100000" });
        using (var before = await servers.Http.PostChatAsync(Json.Chat("qwen-max", "recorded before the storm"))) before.EnsureSuccessStatusCode();

        await Task.WhenAll(Hostile().Select(async hostile =>
        {
            using var client = new HttpClient { BaseAddress = servers.GatewayUrl }; // a 413 closes its connection
            using var content = new ByteArrayContent(hostile.Body);
            content.Headers.ContentType = new("application/json");
            using var response = await client.PostAsync("/v1/chat/completions", content);
            Assert.True(hostile.Status == (int)response.StatusCode, $"{hostile.Name}: {(int)response.StatusCode}");
            await AssertOpenAiError(response, hostile.Status);
        }));

        await AssertStillServes(servers);
        await servers.Gateway.StopAsync();
        Assert.Equal(2, FlywheelFiles.Count(servers.DataDir, "mode = 'explicit'")); // nothing recorded was lost, no hostile body recorded
    }

    private static async Task AssertOpenAiError(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var error = (await Json.ReadAsync(response)).GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()));
    }

    private static async Task AssertStillServes(TestServers servers)
    {
        using var ok = await servers.Http.PostChatAsync(Json.Chat("qwen-max", "still there?"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }
}
