using System.Text.Json;

namespace SemanticRouter.IntegrationTests;

public sealed class BenchTests
{
    [Fact]
    public async Task Bench_writes_the_summary_the_report_and_the_charts()
    {
        await using var servers = await TestServers.StartAsync();
        var output = Directory.CreateTempSubdirectory("semrouter-bench-").FullName;
        try
        {
            var (exit, log) = await CliProcess.RunToEndAsync("bench", "--gateway", servers.GatewayUrl.ToString(),
                "--questions", new Uri(servers.MockUrl, "/questions").ToString(), "--evaluate", new Uri(servers.MockUrl, "/v1/evaluate").ToString(),
                "--out", output, "--limit", "24");
            Assert.True(exit == 0, log);

            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")));
            var root = summary.RootElement;
            Assert.Equal(24, root.GetProperty("n").GetInt32());
            Assert.InRange(root.GetProperty("accuracy").GetDouble(), 0.3, 1);
            foreach (var field in new[] { "mean_latency_ms", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms", "large_model_share" })
                Assert.True(root.TryGetProperty(field, out _), field);
            Assert.Equal(24, root.GetProperty("per_domain").EnumerateObject().Sum(d => d.Value.GetProperty("n").GetInt32()));
            Assert.Equal(24, root.GetProperty("models").EnumerateObject().Sum(m => m.Value.GetInt32()));
            var baselines = root.GetProperty("baselines");
            foreach (var name in new[] { "always-qwen-max", "random", "label-aware", "oracle", "always-qwen-code-3b" })
                Assert.True(baselines.GetProperty(name).GetProperty("accuracy").GetDouble() > 0, name);
            Assert.True(baselines.GetProperty("oracle").GetProperty("accuracy").GetDouble() >= baselines.GetProperty("label-aware").GetProperty("accuracy").GetDouble());
            foreach (var file in new[] { "report.md", "score-vs-latency.svg", "per-domain.svg", "model-use.svg", "results.jsonl" })
                Assert.True(File.Exists(Path.Combine(output, file)), file);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
