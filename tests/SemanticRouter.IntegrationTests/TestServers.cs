using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SemanticRouter.Gateway;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>The real mock and the real gateway on free loopback ports, with a data directory that is deleted after.</summary>
public sealed class TestServers : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Path, string Body)> _upstreamRequests;

    private TestServers(WebApplication mock, WebApplication gateway, string dataDir, MockOptions mockOptions, ConcurrentQueue<(string, string)> upstreamRequests)
    {
        _upstreamRequests = upstreamRequests;
        MockOptions = mockOptions;
        Mock = mock;
        Gateway = gateway;
        DataDir = dataDir;
        Http = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication Mock { get; }
    public MockOptions MockOptions { get; }
    public WebApplication Gateway { get; }
    public string DataDir { get; }
    public HttpClient Http { get; }
    public Uri MockUrl => new(Mock.Urls.First());
    public Uri GatewayUrl => new(Gateway.Urls.First());

    public T Service<T>() where T : notnull => Gateway.Services.GetRequiredService<T>();

    /// <summary>
    /// The bodies of the POSTs the mock received on <paramref name="path"/> (e.g. <c>/v1/messages</c>), in arrival
    /// order, that ask for <paramref name="model"/>: what the gateway sent upstream. Recorded with <c>recordUpstream</c>.
    /// </summary>
    public List<JsonElement> UpstreamBodies(string path, string model) =>
    [
        .. _upstreamRequests.Where(r => r.Path == path).Select(r => JsonDocument.Parse(r.Body).RootElement.Clone())
            .Where(b => b.TryGetProperty("model", out var m) && m.GetString() == model),
    ];

    private static void Record(WebApplication mock, ConcurrentQueue<(string, string)> requests) => mock.Use(async (context, next) =>
    {
        if (HttpMethods.IsPost(context.Request.Method))
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
            requests.Enqueue((context.Request.Path.Value ?? "", await reader.ReadToEndAsync(context.RequestAborted)));
            context.Request.Body.Position = 0;
        }
        await next(context);
    });

    public static async Task<TestServers> StartAsync(double latencyScale = 0, string split = "verify",
        IDictionary<string, string?>? settings = null, string world = "default", TextWriter? logTo = null, Action<World>? editWorld = null,
        string? judgeModel = null, bool recordUpstream = false, double judgeNoiseSd = 0.05, double judgePositionBias = 0)
    {
        var worldData = EmbeddedData.World(world);
        editWorld?.Invoke(worldData);
        var mockOptions = new MockOptions
        {
            World = worldData,
            Questions = EmbeddedData.Questions(split),
            LatencyScale = latencyScale,
            JudgeModel = judgeModel,
            JudgeNoiseSd = judgeNoiseSd,
            JudgePositionBias = judgePositionBias,
        };
        var mock = MockServer.Build(mockOptions, "http://127.0.0.1:0");
        var upstream = new ConcurrentQueue<(string, string)>();
        if (recordUpstream) Record(mock, upstream);
        await mock.StartAsync();
        var dataDir = Directory.CreateTempSubdirectory("semrouter-it-").FullName;
        var overrides = new Dictionary<string, string?>
        {
            ["Gateway:Upstream"] = mock.Urls.First(),
            ["Gateway:DataDir"] = dataDir,
            ["Recording:FlushIntervalSeconds"] = "0.2",
            ["Retrain:Enabled"] = "false", // no scheduled retrain in the middle of a test, unless the test asks for one
            ["Shadow:ExplicitScoreRate"] = "1", // tests count scores: every answer is scored, unless the test says otherwise
            ["Shadow:MaxExplicitScoresPerSecond"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) overrides[key] = value;
        try
        {
            var gateway = GatewayApp.Build("http://127.0.0.1:0", GatewayApp.ReadConfiguration(null, overrides), logging =>
            {
                if (logTo is null) logging.SetMinimumLevel(LogLevel.Warning);
                else logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new TextWriterLoggerProvider(logTo));
            });
            await gateway.StartAsync();
            return new TestServers(mock, gateway, dataDir, mockOptions, upstream);
        }
        catch
        {
            // A gateway that refuses to start (tests of its validation) leaves nothing running behind.
            await mock.DisposeAsync();
            Directory.Delete(dataDir, recursive: true);
            throw;
        }
    }

    /// <summary>The model a gateway in front of the healthy mock routes <paramref name="question"/> to.</summary>
    public static async Task<string> RoutedModelAsync(string question)
    {
        await using var healthy = await StartAsync();
        using var first = await healthy.Http.PostChatAsync(Json.Chat("auto", question));
        return first.Headers.GetValues("x-semantic-router-model").Single();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
        await Mock.DisposeAsync();
        Directory.Delete(DataDir, recursive: true);
    }
}
