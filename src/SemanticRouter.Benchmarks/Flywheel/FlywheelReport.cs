using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SemanticRouter.Benchmarks.Flywheel;

/// <summary><c>bench-flywheel</c>'s files: <c>flywheel.json</c> and <c>report.md</c>, with the command that wrote them.</summary>
public static class FlywheelReport
{
    /// <summary>Writes <c>flywheel.json</c> and <c>report.md</c> into <paramref name="outDir"/>.</summary>
    public static async Task WriteAsync(string outDir, FlywheelResult result)
    {
        var (recording, latency, rows, rate, seconds) = (result.Recording, result.Latency, result.Rows, result.Rate, result.Seconds);
        var command = $"./semrouter bench-flywheel --out {Path.GetRelativePath(Environment.CurrentDirectory, outDir)} --rows {rows} --rate {rate} --seconds {seconds}";
        var machine = BenchMachine.Description;
        var json = new
        {
            command, machine, date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            recording = new
            {
                rows = recording.Rows, parquet_rows = recording.ParquetRows,
                journaled_rows_per_second = Math.Round(recording.AckRowsPerSecond),
                parquet_rows_per_second = Math.Round(recording.EndToEndRowsPerSecond),
                flush_rows_per_second = Math.Round(recording.FlushRowsPerSecond),
            },
            latency = latency.ToDictionary(kv => kv.Key, kv => new
            {
                n = kv.Value.N, mean_ms = Math.Round(kv.Value.Mean, 1), p50_ms = Math.Round(kv.Value.P50, 1),
                p95_ms = Math.Round(kv.Value.P95, 1), p99_ms = Math.Round(kv.Value.P99, 1),
            }),
            shadow_p99_vs_off = Math.Round(latency["recording-with-shadow"].P99 / latency["flywheel-off"].P99, 3),
        };
        await File.WriteAllTextAsync(Path.Combine(outDir, "flywheel.json"), JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var md = new StringBuilder()
            .AppendLine("# Flywheel benchmark").AppendLine()
            .AppendLine($"Command: `{command}`  ").AppendLine($"Machine: {machine}; gateway, mock and load generator in one process.").AppendLine()
            .AppendLine("## Recording").AppendLine()
            .AppendLine("16 concurrent producers add realistic rows (verify questions, mock answers); journaled = acknowledged (in the journal);")
            .AppendLine("to Parquet = until a graceful stop has moved every row to Parquet (flushing every second meanwhile); one flush = a second")
            .AppendLine("pass with no periodic flush, timing the one flush that turns every staged row into a Parquet file.").AppendLine()
            .AppendLine("| rows | journaled rows/s | to Parquet rows/s | one flush rows/s | rows read back |").AppendLine("|---|---|---|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| {recording.Rows} | {recording.AckRowsPerSecond:F0} | {recording.EndToEndRowsPerSecond:F0} | {recording.FlushRowsPerSecond:F0} | {recording.ParquetRows} |").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"## Client latency at {rate} requests/s ({seconds} s each, default world, routed requests)").AppendLine()
            .AppendLine("| configuration | n | mean ms | p50 ms | p95 ms | p99 ms |").AppendLine("|---|---|---|---|---|---|");
        foreach (var (name, s) in latency)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {s.N} | {s.Mean:F1} | {s.P50:F1} | {s.P95:F1} | {s.P99:F1} |");
        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"p99 with shadowing / p99 with the flywheel off: {json.shadow_p99_vs_off}");
        await File.WriteAllTextAsync(Path.Combine(outDir, "report.md"), md.ToString());
    }
}
