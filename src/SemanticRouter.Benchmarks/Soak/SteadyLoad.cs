using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using SemanticRouter.Benchmarks.Perf;

namespace SemanticRouter.Benchmarks.Soak;

/// <summary>
/// Sends requests at a fixed rate for a fixed time, open loop: each leaves at its scheduled moment, however long
/// the earlier ones take, so a slowing gateway shows as growing latency, not as a falling rate. Whole answers
/// are read; anything but a 2xx, or a failed connection, is an error, counted by kind.
/// </summary>
internal sealed class SteadyLoad(Uri gateway, IReadOnlyList<byte[]> bodies, double rate)
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, UseProxy = false })
    {
        BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(2),
    };
    private readonly ConcurrentDictionary<string, long> _errorsByKind = new();
    private ConcurrentBag<double> _latencies = [];
    private long _sent, _errors;

    public IReadOnlyDictionary<string, long> ErrorsByKind => _errorsByKind;

    public sealed record Window(long Sent, long Errors, IReadOnlyCollection<double> LatenciesMs);

    /// <summary>What happened since the last call.</summary>
    public Window TakeWindow()
    {
        var latencies = Interlocked.Exchange(ref _latencies, []);
        return new Window(Interlocked.Exchange(ref _sent, 0), Interlocked.Exchange(ref _errors, 0), latencies);
    }

    public async Task RunAsync(TimeSpan duration, CancellationToken ct)
    {
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1 / rate);
        for (long i = 0; clock.Elapsed < duration; i++)
        {
            var due = interval * i;
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed, ct);
            inFlight.Add(SendAsync(bodies[(int)(i % bodies.Count)], ct));
            if (inFlight.Count > 4096) inFlight.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(inFlight);
        _http.Dispose();
    }

    private async Task SendAsync(byte[] body, CancellationToken ct)
    {
        Interlocked.Increment(ref _sent);
        var clock = Stopwatch.StartNew();
        try
        {
            using var content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            using var response = await _http.PostAsync(PerfRequests.Path, content, ct);
            await response.Content.CopyToAsync(Stream.Null, ct);
            if (!response.IsSuccessStatusCode) Error($"http_{(int)response.StatusCode}");
            else _latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            Error(e.GetType().Name);
        }
    }

    private void Error(string kind)
    {
        Interlocked.Increment(ref _errors);
        _errorsByKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
    }
}
