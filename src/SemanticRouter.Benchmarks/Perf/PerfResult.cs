namespace SemanticRouter.Benchmarks.Perf;

/// <summary>What <c>semrouter perf</c> was asked to do.</summary>
public sealed record PerfSettings(int DurationSeconds, int WarmupSeconds, int Connections, bool Flywheel, int Questions)
{
    /// <summary>The request kinds measured (all by default; fewer for a quick before/after of one path).</summary>
    public IReadOnlyList<RequestKind> Kinds { get; init; } = RequestKind.All;

    /// <summary>
    /// How many times each kind's cells are measured, every target in turn within a round; the targets are judged
    /// on the median of the rounds (on a shared machine the load drifts between cells measured far apart).
    /// </summary>
    public int Rounds { get; init; } = 1;

    /// <summary>
    /// A round in which the hypervisor held back more than this share of the cores' time during one of its cells
    /// (steal: other virtual machines on the host, which no process here shows but every latency does) is not
    /// judged, and another round is measured in its place, at most <see cref="Rounds"/> more. 1: every round counts.
    /// </summary>
    public double MaxStolenShare { get; init; } = 1;

    /// <summary>
    /// Variables set for the gateway child only (<c>NAME=VALUE</c>): runtime knobs such as <c>DOTNET_GCgen0size</c>
    /// tried on the gateway without touching the mock and load generators in the perf process.
    /// </summary>
    public IReadOnlyList<string> GatewayEnvironment { get; init; } = [];
}

/// <summary>
/// One measured cell: a target (<c>direct</c>, <c>nginx</c>, <c>gateway</c>), a request kind, a number of
/// connections. Latencies in µs over the successful requests, whole responses and for streams also the time to the
/// first body byte, measured as <see cref="LatencyMethod"/> says: per request, or (with several connections per wrk
/// thread) wrk's histogram, which is corrected for coordinated omission; wrk's own p50/p99 are kept for every wrk
/// cell. Errors are socket errors, timeouts and answers that are not 2xx.
/// </summary>
public sealed record PerfCell(string Target, string Kind, bool Routed, bool Stream, int Connections, string Tool, string LatencyMethod,
    long Requests, double DurationS, double Rps, double P50Us, double P99Us, double MaxUs, double? TtfbP50Us, double? TtfbP99Us,
    double? WrkP50Us, double? WrkP99Us, long Errors, long? ShadowDropped)
{
    public double? AddedP50Us { get; init; }
    public double? AddedP99Us { get; init; }
    public double? AddedTtfbP50Us { get; init; }
    public double? AddedTtfbP99Us { get; init; }

    /// <summary>The gateway process's CPU time (user + system) per answered request during the cell, in µs.</summary>
    public double? GatewayCpuUsPerRequest { get; init; }

    /// <summary>Which round of <see cref="PerfSettings.Rounds"/> measured the cell (1 first).</summary>
    public int Round { get; init; } = 1;

    /// <summary>The share of the cores' time the hypervisor held back while the cell measured (steal), where Linux says.</summary>
    public double? StolenCpuShare { get; init; }
}

/// <summary>Where the run happened and with what: the machine and how busy it was (the load average before the run; the
/// mean number of cores other processes kept busy during it), the tools' versions, and any
/// <c>SEMROUTER__</c> settings the gateway inherited from the environment or was given by <c>--gateway-env</c> (then its settings are not the defaults).</summary>
public sealed record PerfEnvironment(string Machine, string? Cpu, double MemoryGib, string? LoadAverageStart, double? OtherProcessesCores,
    string Wrk, string? Nginx, IReadOnlyList<string> GatewayEnvironment, DateTimeOffset Started, DateTimeOffset Finished)
{
    /// <summary>The share of the cores' time the hypervisor held back during the run (steal time), where Linux says.</summary>
    public double? StolenCpuShare { get; init; }
}

public sealed record PerfRun(PerfSettings Settings, PerfEnvironment Environment, IReadOnlyList<PerfCell> Cells, IReadOnlyList<string> Notes);
