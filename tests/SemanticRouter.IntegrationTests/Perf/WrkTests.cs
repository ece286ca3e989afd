using System.Collections.Concurrent;
using System.Text;
using SemanticRouter.Benchmarks.Perf;

namespace SemanticRouter.IntegrationTests.Perf;

public sealed class WrkTests
{
    private const string Output = """
        Running 1s test @ http://127.0.0.1:40000/v1/chat/completions
          1 threads and 1 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency   212.40us   80.11us   3.10ms   97.00%
            Req/Sec     4.60k   210.00     4.90k    70.00%
          4612 requests in 1.00s, 5.10MB read
        Requests/sec:   4601.23
        Transfer/sec:      5.09MB
        SEMROUTER_WRK {"requests":4612,"duration_us":1002345,"timed":4609,"p50_us":198.5,"p99_us":471.0,"max_us":3100.2,"wrk_p50_us":199,"wrk_p99_us":2950,"socket_errors":2,"timeouts":1,"non2xx":3}
        """;

    [Fact]
    public void Result_line_from_done_is_read_among_wrk_s_own_output()
    {
        var result = Wrk.Parse(Output);

        Assert.Equal(4612, result.Requests);
        Assert.Equal(1.002345, result.DurationSeconds, 6);
        Assert.True(result.PerRequest);
        Assert.Equal((198.5, 471.0, 3100.2), (result.P50Us, result.P99Us, result.MaxUs));
        Assert.Equal((199.0, 2950.0), (result.WrkP50Us, result.WrkP99Us));
        Assert.Equal(6, result.Errors);
        Assert.Equal(4612 / 1.002345, result.RequestsPerSecond, 3);
    }

    [Fact]
    public void Output_without_the_result_line_is_an_error_that_shows_the_output()
    {
        var error = Assert.Throws<InvalidDataException>(() => Wrk.Parse("unable to connect to 127.0.0.1:1 Connection refused\n"));
        Assert.Contains("Connection refused", error.Message);
    }

    [Fact]
    public void Lua_strings_keep_printable_ascii_and_escape_every_other_byte()
    {
        Assert.Equal("\"a b\"", Wrk.LuaString("a b"u8));
        Assert.Equal("\"\\034\\092\\010\"", Wrk.LuaString("\"\\\n"u8));
        Assert.Equal("\"\\230\\177\\130\"", Wrk.LuaString(Encoding.UTF8.GetBytes("求")));
    }

    [WrkFact]
    public async Task Generated_script_sends_every_body_byte_for_byte_and_counts_non_2xx_answers()
    {
        string[] texts = ["求微分方程 dy/dx = x^2 + 1 的通解", "a \"quoted\" back\\slash", "line\nbreak and tab\t", "fail: answer 500"];
        var bodies = texts.Select(t => PerfRequests.Body(t, "qwen-max", stream: false)).ToList();
        var received = new ConcurrentBag<string>();
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            received.Add(body);
            context.Response.StatusCode = body.Contains("fail: ", StringComparison.Ordinal) ? 500 : 200;
        });
        received.Clear(); // the warm-up request
        var script = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(script, Wrk.Script(bodies, PerfRequests.Path, timeEachRequest: true));
            var result = await Wrk.RunAsync(Wrk.Find()!, LoopbackServer.Url(server), script, 1, 2, default);

            Assert.True(result.Requests > 8, $"{result.Requests} requests");
            Assert.Equal(bodies.Select(Encoding.UTF8.GetString).Order(), received.Distinct().Order());
            // every fourth body asks for a 500; wrk counts all requests, the script the answers that are not 2xx
            Assert.InRange(result.Non2xx, result.Requests / 4 - 1, result.Requests / 4 + 1);
            Assert.Equal(0, result.SocketErrors);
            // the script timed each 2xx answer itself
            Assert.True(result.PerRequest);
            Assert.True(result.P50Us > 0 && result.P99Us >= result.P50Us && result.MaxUs >= result.P99Us);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [WrkFact]
    public async Task Per_request_percentiles_are_not_inflated_by_wrk_s_correction_for_coordinated_omission()
    {
        var count = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            if (Interlocked.Increment(ref count) % 500 == 0) await Task.Delay(100); // one rare pause
        });
        var script = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(script, Wrk.Script([PerfRequests.Body("q", "qwen-max", stream: false)], PerfRequests.Path, timeEachRequest: true));
            var result = await Wrk.RunAsync(Wrk.Find()!, LoopbackServer.Url(server), script, 1, 2, default);

            Assert.True(result.MaxUs >= 100_000, $"max {result.MaxUs} µs");
            Assert.True(result.P99Us < 50_000, $"per-request p99 {result.P99Us} µs");
            Assert.True(result.WrkP99Us > 50_000, $"wrk's p99 {result.WrkP99Us} µs"); // wrk adds the requests the pauses held back
        }
        finally
        {
            File.Delete(script);
        }
    }
}
