namespace SemanticRouter.Benchmarks.Perf;

/// <summary>
/// The gateway under test as a child <c>semrouter serve</c> process, the way it runs in production: its own
/// runtime, GC heap and thread pool, so neither the mock (in the perf process) nor the load generators share
/// them, and what it costs in CPU is its own. Retraining is off: a retrain is a periodic batch job (seconds of
/// both cores), not per-request work, and it would promote a classifier trained on the perf traffic mid-run.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private const string ListeningLine = "serve: gateway listening on ";

    private readonly ChildProcess _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(System.Diagnostics.ProcessStartInfo info, string logPath) => _process = ChildProcess.Start(info, logPath, OnLine);

    public Uri Url => _listening.Task.Result;

    public int ProcessId => _process.Id;

    /// <summary>Background work (scoring, baseline calls) the gateway dropped because its queue was full, from its <c>/metrics</c>.</summary>
    public async Task<long> ShadowDroppedAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Url };
        var metrics = await http.GetStringAsync("/metrics", ct);
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("semantic_router_shadow_dropped_total ", StringComparison.Ordinal));
        return line is null ? 0 : (long)double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<GatewayProcess> StartAsync(Uri upstream, string dataDir, bool flywheel, IReadOnlyList<string> environment,
        string logPath, CancellationToken ct)
    {
        var info = ChildProcess.Semrouter(["serve", "--urls", "http://127.0.0.1:0", "--upstream", upstream.ToString(), "--data-dir", dataDir]);
        info.Environment["SEMROUTER__Retrain__Enabled"] = "false";
        // A line per request would measure the console logger too, and fill the log under load: off unless asked for.
        info.Environment["SEMROUTER__Gateway__AccessLog"] = "false";
        if (!flywheel) info.Environment["SEMROUTER__Shadow__Enabled"] = "false";
        foreach (var variable in environment)
        {
            var equals = variable.IndexOf('=');
            info.Environment[variable[..equals]] = variable[(equals + 1)..];
        }
        var gateway = new GatewayProcess(info, logPath);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            if (await Task.WhenAny(gateway._listening.Task, gateway._process.Exited).WaitAsync(timeout.Token) != gateway._listening.Task)
                throw new InvalidOperationException($"The gateway exited at start; see {logPath}.");
            var url = gateway.Url;
            using var http = new HttpClient { BaseAddress = url };
            while (true)
            {
                using var health = await http.GetAsync("/healthz", timeout.Token);
                if (health.IsSuccessStatusCode) return gateway;
                await Task.Delay(50, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await gateway.DisposeAsync();
            throw new TimeoutException($"The gateway did not become healthy within 60 s; see {logPath}.");
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The <c>SEMROUTER__</c> variables of this environment, which the child inherits and which override its defaults;
    /// values of keys that may hold a secret (connection strings, keys) are not shown.
    /// </summary>
    public static IReadOnlyList<string> InheritedSettings() =>
        Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("SEMROUTER__", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(k => k.Contains("Connection", StringComparison.OrdinalIgnoreCase) || k.Contains("Key", StringComparison.OrdinalIgnoreCase)
                ? $"{k}=(set)" : $"{k}={Environment.GetEnvironmentVariable(k)}")
            .ToList();

    private void OnLine(string line)
    {
        if (line.StartsWith(ListeningLine, StringComparison.Ordinal))
            _listening.TrySetResult(new Uri(line[ListeningLine.Length..].Split(',')[0].Trim()));
    }

    /// <summary>For each routed body, the model the gateway chose (its <c>x-semantic-router-model</c> header).</summary>
    public async Task<IReadOnlyList<string>> RoutedModelsAsync(IReadOnlyList<byte[]> routedBodies, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Url };
        var models = new List<string>(routedBodies.Count);
        foreach (var body in routedBodies)
        {
            using var content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } };
            using var response = await http.PostAsync(PerfRequests.Path, content, ct);
            response.EnsureSuccessStatusCode();
            models.Add(response.Headers.GetValues("x-semantic-router-model").Single());
        }
        return models;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
