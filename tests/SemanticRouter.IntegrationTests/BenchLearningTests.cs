using System.Text.Json;

namespace SemanticRouter.IntegrationTests;

/// <summary><c>semrouter bench-learning</c> end to end on a small slice (CI's smoke run; the full one writes eval/learning/).</summary>
public sealed class BenchLearningTests
{
    [Fact]
    public async Task Bench_learning_runs_the_flywheel_per_world_and_reports_the_router_next_to_every_baseline()
    {
        var output = Directory.CreateTempSubdirectory("semrouter-learning-").FullName;
        try
        {
            var (exit, log) = await CliProcess.RunToEndAsync("bench-learning", "--out", output, "--worlds", "1", "--splits", "held-out",
                "--train-per-domain", "6", "--verify-per-domain", "3", "--public", Path.Combine(output, "no-public-sets"), "--allow-seen-sources");
            Assert.True(exit == 0, log);

            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")));
            var root = summary.RootElement;
            Assert.Equal([101], root.GetProperty("setup").GetProperty("world_seeds").EnumerateArray().Select(s => s.GetInt32()));
            Assert.False(root.GetProperty("setup").GetProperty("public_sets").GetBoolean());
            var runs = root.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(["default", "permuted", "generated-101"], runs.Select(r => r.GetProperty("world").GetString()));
            foreach (var run in runs)
            {
                Assert.Equal(24, run.GetProperty("train_questions").GetInt32());
                Assert.Equal(12, run.GetProperty("verify_questions").GetInt32());
                Assert.Equal(0, run.GetProperty("failed").GetInt32());
                var router = run.GetProperty("router");
                Assert.InRange(router.GetProperty("mean_score").GetDouble(), 0.05, 1);
                // Latency as the world simulates it for the picks (as for the baselines); the client also waited for the gateway.
                Assert.InRange(router.GetProperty("mean_latency_ms").GetDouble(), 1, router.GetProperty("client_latency_ms").GetDouble());
                foreach (var baseline in new[] { "label-aware", "oracle", "domain-7b", "domain-32b", "always-qwen-max", "naive" })
                    Assert.InRange(run.GetProperty("baselines").GetProperty(baseline).GetProperty("mean_score").GetDouble(), 0.05, 1);
                Assert.Equal(12, run.GetProperty("model_use").EnumerateObject().Sum(m => m.Value.GetInt32()));
            }
            Assert.Contains(root.GetProperty("targets").EnumerateArray(), t => t.GetProperty("run").GetString() == "generated-101 / held-out");
            Assert.Contains("## held-out", await File.ReadAllTextAsync(Path.Combine(output, "report.md")));
            Assert.False(Directory.Exists(Path.Combine(output, "work")), "the runs' data directories are removed");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task Bench_learning_refuses_an_encoder_that_was_trained_on_a_held_out_source()
    {
        var encoder = Directory.CreateTempSubdirectory("semrouter-encoder-").FullName;
        try
        {
            File.Copy(Path.Combine(SemanticRouter.Routing.ShippedModels.Encoder, "config.json"), Path.Combine(encoder, "config.json"));
            await File.WriteAllTextAsync(Path.Combine(encoder, "metrics.json"), """{"data": {"training_rows_by_source": {"corpus-code-forum-error-zh": 35}}}""");
            var (exit, log) = await CliProcess.RunToEndAsync("bench-learning", "--out", Path.Combine(encoder, "out"), "--encoder", encoder, "--worlds", "0");
            Assert.Equal(2, exit);
            Assert.Contains("corpus-code-forum-error-zh", log);
        }
        finally
        {
            Directory.Delete(encoder, recursive: true);
        }
    }
}
