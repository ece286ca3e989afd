using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SemanticRouter.Benchmarks;

/// <summary>Writes <c>summary.json</c>, <c>report.md</c> and the charts of one benchmark run.</summary>
public static class BenchReport
{
    public static JsonObject Summary(IReadOnlyList<QuestionResult> results, IReadOnlyDictionary<string, BaselineResult> baselines,
        Func<string, bool> isLarge, string command)
    {
        var latencies = results.Select(r => r.LatencyMs).Order().ToList();
        var perDomain = new JsonObject();
        foreach (var group in results.Where(r => r.Domain is not null).GroupBy(r => r.Domain!).OrderBy(g => g.Key))
            perDomain[group.Key] = new JsonObject
            {
                ["n"] = group.Count(),
                ["accuracy"] = Round(group.Average(r => r.Score)),
                ["mean_latency_ms"] = Round(group.Average(r => r.LatencyMs), 1),
            };
        var models = new JsonObject();
        foreach (var group in results.Where(r => r.Model is not null).GroupBy(r => r.Model!).OrderByDescending(g => g.Count()))
            models[group.Key] = group.Count();
        var baselineJson = new JsonObject();
        foreach (var (name, b) in baselines.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            baselineJson[name] = new JsonObject { ["accuracy"] = Round(b.Accuracy), ["mean_latency_ms"] = Round(b.MeanLatencyMs, 1) };
        var answered = results.Where(r => r.Model is not null).ToList();
        return new JsonObject
        {
            ["command"] = command,
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["n"] = results.Count,
            ["failed"] = results.Count(r => r.Failed),
            ["accuracy"] = Round(results.Average(r => r.Score)),
            ["mean_latency_ms"] = Round(latencies.Average(), 1),
            ["p50_latency_ms"] = Round(Percentiles.Of(latencies, 50), 1),
            ["p95_latency_ms"] = Round(Percentiles.Of(latencies, 95), 1),
            ["p99_latency_ms"] = Round(Percentiles.Of(latencies, 99), 1),
            ["per_domain"] = perDomain,
            ["models"] = models,
            ["large_model_share"] = answered.Count == 0 ? 0 : Round((double)answered.Count(r => isLarge(r.Model!)) / answered.Count),
            ["baselines"] = baselineJson,
        };
    }

    public static async Task WriteAsync(string outDir, JsonObject summary, IReadOnlyList<QuestionResult> results)
    {
        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "summary.json"), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        await File.WriteAllLinesAsync(Path.Combine(outDir, "results.jsonl"), results.Select(r => JsonSerializer.Serialize(new
        {
            id = r.Id, domain = r.Domain, model = r.Model, score = r.Score, latency_ms = Math.Round(r.LatencyMs, 1), failed = r.Failed,
        })));
        var baselines = summary["baselines"]!.AsObject();
        double Value(JsonNode? node) => node!.GetValue<double>();
        var points = baselines.Select(kv => (Value(kv.Value!["mean_latency_ms"]), Value(kv.Value!["accuracy"]), kv.Key, false)).ToList();
        points.Add((Value(summary["mean_latency_ms"]), Value(summary["accuracy"]), "router", true));
        await File.WriteAllTextAsync(Path.Combine(outDir, "score-vs-latency.svg"),
            SvgCharts.Scatter("Mean score vs mean latency", "mean latency (ms)", "mean score", points));

        var domains = summary["per_domain"]!.AsObject().Select(kv => kv.Key).ToList();
        var routerByDomain = domains.Select(d => Value(summary["per_domain"]![d]!["accuracy"])).ToArray();
        await File.WriteAllTextAsync(Path.Combine(outDir, "per-domain.svg"),
            SvgCharts.Bars("Mean score per domain (router)", "mean score", domains, [("router", routerByDomain)]));
        var models = summary["models"]!.AsObject().Select(kv => kv.Key).ToList();
        await File.WriteAllTextAsync(Path.Combine(outDir, "model-use.svg"),
            SvgCharts.Bars("Which model answered", "questions", models.Select(m => m.Replace("qwen-", "")).ToList(),
                [("questions routed", models.Select(m => (double)summary["models"]![m]!.GetValue<int>()).ToArray())]));
        await File.WriteAllTextAsync(Path.Combine(outDir, "report.md"), Markdown(summary));
    }

    private static string Markdown(JsonObject s)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmark report").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Command: `{s["command"]}` ({s["date"]})").AppendLine();
        md.AppendLine("| n | failed | mean score | mean latency ms | p50 | p95 | p99 | large-model share |").AppendLine("|---|---|---|---|---|---|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| {s["n"]} | {s["failed"]} | {s["accuracy"]} | {s["mean_latency_ms"]} | {s["p50_latency_ms"]} | {s["p95_latency_ms"]} | {s["p99_latency_ms"]} | {s["large_model_share"]} |").AppendLine();
        md.AppendLine("![score vs latency](score-vs-latency.svg)").AppendLine();
        md.AppendLine("## Per domain").AppendLine().AppendLine("| domain | n | mean score | mean latency ms |").AppendLine("|---|---|---|---|");
        foreach (var (domain, v) in s["per_domain"]!.AsObject())
            md.AppendLine(CultureInfo.InvariantCulture, $"| {domain} | {v!["n"]} | {v["accuracy"]} | {v["mean_latency_ms"]} |");
        md.AppendLine().AppendLine("![per domain](per-domain.svg)").AppendLine();
        md.AppendLine("## Baselines").AppendLine().AppendLine("Scores are what `/v1/evaluate` gives the fixed policy's model; latencies are the world's simulated ones (no gateway in the path).").AppendLine();
        md.AppendLine("| policy | mean score | mean latency ms |").AppendLine("|---|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| **router** | **{s["accuracy"]}** | **{s["mean_latency_ms"]}** |");
        foreach (var (name, v) in s["baselines"]!.AsObject())
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {v!["accuracy"]} | {v["mean_latency_ms"]} |");
        md.AppendLine().AppendLine("## Model use").AppendLine().AppendLine("| model | questions |").AppendLine("|---|---|");
        foreach (var (model, n) in s["models"]!.AsObject()) md.AppendLine(CultureInfo.InvariantCulture, $"| {model} | {n} |");
        md.AppendLine().AppendLine("![model use](model-use.svg)");
        return md.ToString();
    }

    private static double Round(double value, int digits = 4) => Math.Round(value, digits);
}
