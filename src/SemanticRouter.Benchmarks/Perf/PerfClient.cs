using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SemanticRouter.Benchmarks.Perf;

/// <summary>
/// The load generator for streams (<c>semrouter perf-client</c>, run as its own process): wrk times whole
/// responses, this times the first body byte too. Plain sockets and <see cref="HttpResponseParser"/>, one thread
/// per keep-alive connection, closed loop; nothing of the gateway's HTTP stack. A request's clock starts before
/// its bytes are written; time to first byte stops when the read that brought the first body byte returns.
/// </summary>
public static class PerfClient
{
    public sealed record Result(long Requests, double DurationSeconds, double TtfbP50Us, double TtfbP99Us, double P50Us, double P99Us,
        double MaxUs, long SocketErrors, long Non2xx)
    {
        public double RequestsPerSecond => Requests / DurationSeconds;
        public long Errors => SocketErrors + Non2xx;
    }

    // NaN percentiles when no request succeeded: the errors say why.
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The one line <c>perf-client</c> prints, and reading it back.</summary>
    public static string ToJson(Result result) => JsonSerializer.Serialize(result, Json);

    public static Result Parse(string output) =>
        JsonSerializer.Deserialize<Result>(output.Split('\n').Last(l => l.TrimStart().StartsWith('{')), Json)
        ?? throw new InvalidDataException($"perf-client printed no result: {output}");

    public static Result Run(Uri url, IReadOnlyList<byte[]> bodies, int connections, TimeSpan warmup, TimeSpan duration)
    {
        var requests = bodies.Select(body => Request(url, body)).ToArray();
        if (warmup > TimeSpan.Zero) Measure(url, requests, connections, warmup);
        return Measure(url, requests, connections, duration);
    }

    private static Result Measure(Uri url, byte[][] requests, int connections, TimeSpan duration)
    {
        var workers = Enumerable.Range(0, connections).Select(c => new Worker(url, requests, offset: c * 97)).ToArray();
        var clock = Stopwatch.StartNew();
        var threads = workers.Select(w => new Thread(() => w.Run(clock, duration)) { IsBackground = true }).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        var seconds = clock.Elapsed.TotalSeconds;
        var ttfb = workers.SelectMany(w => w.Ttfb).Order().ToList();
        var total = workers.SelectMany(w => w.Total).Order().ToList();
        return new Result(total.Count, seconds, Percentiles.Of(ttfb, 50), Percentiles.Of(ttfb, 99), Percentiles.Of(total, 50),
            Percentiles.Of(total, 99), Percentiles.Of(total, 100), workers.Sum(w => w.SocketErrors), workers.Sum(w => w.Non2xx));
    }

    private static byte[] Request(Uri url, byte[] body)
    {
        var head = Encoding.ASCII.GetBytes($"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        return [.. head, .. body];
    }

    private sealed class Worker(Uri url, byte[][] requests, int offset)
    {
        public List<double> Ttfb { get; } = [];
        public List<double> Total { get; } = [];
        public long SocketErrors { get; private set; }
        public long Non2xx { get; private set; }

        public void Run(Stopwatch clock, TimeSpan duration)
        {
            var buffer = new byte[64 * 1024];
            Socket? socket = null;
            for (var i = offset; clock.Elapsed < duration; i++)
            {
                try
                {
                    socket ??= Connect(url);
                    var start = Stopwatch.GetTimestamp();
                    socket.Send(requests[i % requests.Length]);
                    var parser = new HttpResponseParser();
                    long firstByte = 0;
                    while (!parser.Complete)
                    {
                        var read = socket.Receive(buffer);
                        var now = Stopwatch.GetTimestamp();
                        if (read == 0)
                        {
                            parser.EndOfStream();
                            if (!parser.Complete) throw new IOException("The server closed the connection mid-response.");
                            break;
                        }
                        if (parser.Feed(buffer.AsSpan(0, read)) != read) throw new InvalidDataException("Bytes after the end of the response.");
                        if (firstByte == 0 && parser.BodyStarted) firstByte = now;
                    }
                    var end = Stopwatch.GetTimestamp();
                    if (parser.Status is < 200 or > 299) Non2xx++;
                    else
                    {
                        Ttfb.Add(Stopwatch.GetElapsedTime(start, firstByte == 0 ? end : firstByte).TotalMicroseconds);
                        Total.Add(Stopwatch.GetElapsedTime(start, end).TotalMicroseconds);
                    }
                    if (!parser.KeepAlive)
                    {
                        socket.Dispose();
                        socket = null;
                    }
                }
                catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
                {
                    SocketErrors++;
                    socket?.Dispose();
                    socket = null;
                }
            }
            socket?.Dispose();
        }

        private static Socket Connect(Uri url)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 10_000 };
            socket.Connect(new IPEndPoint(IPAddress.Parse(url.Host), url.Port));
            return socket;
        }
    }
}
