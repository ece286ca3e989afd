using System.Globalization;

namespace SemanticRouter.Benchmarks.Perf;

/// <summary>
/// How much CPU other processes used while the run measured: the machine's busy time (<c>/proc/stat</c>) minus this
/// process tree's (<c>/proc/self/stat</c>: its own user and system time and that of every child it has reaped, so
/// taken once every child has exited); and how much the hypervisor held back (steal time: other virtual machines on
/// the same host), which no process here shows but every latency does. Linux only; elsewhere nothing is said.
/// </summary>
internal static class MachineLoad
{
    public sealed record Sample(long Busy, long Total, long Own, long Steal);

    public static Sample? Take()
    {
        if (!File.Exists("/proc/stat") || !File.Exists("/proc/self/stat")) return null;
        // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user)
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var (idle, steal) = (cpu[3] + cpu[4], cpu[7]);
        var own = StatTicks("/proc/self/stat", withReapedChildren: true);
        return new Sample(cpu.Sum() - idle - steal, cpu.Sum(), own, steal);
    }

    /// <summary>The CPU time (user + system) a process has used so far, in µs; null where <c>/proc</c> does not say.</summary>
    public static double? ProcessCpuUs(int pid)
    {
        var path = $"/proc/{pid}/stat";
        return File.Exists(path) ? StatTicks(path, withReapedChildren: false) * 1e6 / ClockTicksPerSecond : null;
    }

    /// <summary>A process's user + system time in clock ticks, with its reaped children's too if asked.</summary>
    private static long StatTicks(string statPath, bool withReapedChildren)
    {
        // after "pid (comm) ": state ppid ... utime stime cutime cstime are fields 14 to 17
        var stat = File.ReadAllText(statPath);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields[11..(withReapedChildren ? 15 : 13)].Sum(v => long.Parse(v, CultureInfo.InvariantCulture));
    }

    /// <summary>USER_HZ, the unit of <c>/proc</c> CPU times: 100 on every Linux this runs on.</summary>
    private const int ClockTicksPerSecond = 100;

    /// <summary>The share of the cores' time the hypervisor gave to others between the two samples (0 to 1).</summary>
    public static double? StolenShare(Sample? start, Sample? end) =>
        start is null || end is null || end.Total == start.Total ? null : (double)(end.Steal - start.Steal) / (end.Total - start.Total);

    /// <summary>The mean number of cores other processes kept busy between the two samples.</summary>
    public static double? OtherCores(Sample? start, Sample? end) =>
        start is null || end is null || end.Total == start.Total ? null
            : Math.Max(0, (double)(end.Busy - start.Busy - (end.Own - start.Own)) / (end.Total - start.Total) * Environment.ProcessorCount);
}
