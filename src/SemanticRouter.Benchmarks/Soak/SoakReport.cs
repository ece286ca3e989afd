using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SemanticRouter.Benchmarks.Soak;

/// <summary>Writes <c>soak.json</c>, <c>rss.svg</c> and <c>report.md</c>.</summary>
public static class SoakReport
{
    public const double FlatLimit = 0.10;

    public static async Task WriteAsync(string dir, SoakRun run, string command)
    {
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "soak.json"), JsonSerializer.Serialize(new
        {
            command, run.Settings, machine = run.Machine, run.Started, run.Ended,
            rss_after_warmup_min_mib = run.RssMinMiB, rss_after_warmup_max_mib = run.RssMaxMiB, rss_spread = Math.Round(run.RssSpread, 4),
            answered = run.Completed, errors = run.Errors, errors_by_kind = run.ErrorsByKind, run.Samples,
        }, new JsonSerializerOptions { WriteIndented = true }));
        await File.WriteAllTextAsync(Path.Combine(dir, "rss.svg"), SvgCharts.Scatter("Gateway resident memory during the soak", "seconds", "MiB",
            run.Samples.Select(s => (s.Seconds, s.RssMiB, "", s.Seconds >= run.Settings.WarmupMinutes * 60)).ToList()));

        var c = CultureInfo.InvariantCulture;
        var s = run.Settings;
        var flat = run.RssSpread <= FlatLimit;
        var text = new StringBuilder();
        text.AppendLine("# Soak: steady load, flywheel on").AppendLine();
        text.AppendLine(c, $"Command: `{command}`  ").AppendLine(c, $"Machine: {run.Machine}  ").AppendLine(c, $"Date: {run.Started:yyyy-MM-dd HH:mm} to {run.Ended:HH:mm} UTC").AppendLine();
        text.AppendLine(c, $"{s.Rate:0} requests/s for {s.Minutes:0.#} minutes, open loop (6 in 10 routed, 3 explicit, 1 routed stream, over the verify questions), ");
        text.AppendLine(c, $"against a child `semrouter serve` with the flywheel at its defaults (every answer journaled and scored, a baseline call per routed request; retraining off), ");
        text.AppendLine(c, $"in front of the mock at latency scale {s.LatencyScale}. Resident memory (VmRSS) is read every {s.SampleSeconds} s; the first {s.WarmupMinutes:0.#} minutes are warm-up.").AppendLine();
        text.AppendLine("| | |").AppendLine("|---|---|");
        text.AppendLine(c, $"| answered | {run.Completed:N0} |");
        text.AppendLine(c, $"| errors | {run.Errors:N0}{(run.ErrorsByKind.Count > 0 ? " (" + string.Join(", ", run.ErrorsByKind.Select(e => $"{e.Key} {e.Value}")) + ")" : "")} |");
        text.AppendLine(c, $"| resident memory after warm-up | {run.RssMinMiB:0.0} to {run.RssMaxMiB:0.0} MiB |");
        text.AppendLine(c, $"| spread after warm-up ((max − min) ÷ min) | {run.RssSpread:P1} (limit {FlatLimit:P0}): {(flat ? "flat" : "**not flat**")} |");
        var windows = run.Samples.Where(x => x.Completed > 0 && x.Seconds >= s.WarmupMinutes * 60).ToList();
        text.AppendLine(c, $"| latency after warm-up: median of the {s.SampleSeconds} s windows' p50 / worst window's p99 | {windows.Select(x => x.P50Ms).Order().ElementAt(windows.Count / 2):0.0} / {windows.Max(x => x.P99Ms):0.0} ms |").AppendLine();
        text.AppendLine("![resident memory](rss.svg)").AppendLine();
        text.AppendLine("| seconds | RSS MiB | sent | answered | errors | p50 ms | p99 ms |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var x in run.Samples.Where((_, i) => i % 6 == 0 || i == run.Samples.Count - 1))
            text.AppendLine(c, $"| {x.Seconds:0} | {x.RssMiB:0.0} | {x.Sent} | {x.Completed} | {x.Errors} | {x.P50Ms:0.0} | {x.P99Ms:0.0} |");
        await File.WriteAllTextAsync(Path.Combine(dir, "report.md"), text.ToString());
    }
}
