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

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Bad_bodies_get_an_openai_error_and_the_gateway_keeps_serving(string body, int status)
    {
        await using var servers = await TestServers.StartAsync();
        using var response = await servers.Http.PostAsync("/v1/chat/completions", Json.Body(body));
        await AssertOpenAiError(response, status);
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
