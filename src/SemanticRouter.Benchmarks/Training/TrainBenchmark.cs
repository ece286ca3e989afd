using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SemanticRouter.Mock;
using SemanticRouter.Recording;
using SemanticRouter.Routing;
using SemanticRouter.Routing.Encoders;
using SemanticRouter.Training;

namespace SemanticRouter.Benchmarks.Training;

/// <summary>
/// <c>semrouter bench-train</c>: how long a retrain takes on a large flywheel. Records N rows (labelled public
/// questions × every model of the default world, scored by the world as the mock would), then trains twice: once
/// encoding every question (reports the encode throughput), once with the embeddings cached.
/// </summary>
public static class TrainBenchmark
{
    /// <summary>
    /// Records about <paramref name="rows"/> rows from the public questions in <paramref name="publicDir"/>, trains cold
    /// and cached, and writes <c>train.json</c> and <c>report.md</c> to <paramref name="outDir"/> under <paramref name="command"/>.
    /// </summary>
    public static async Task RunAsync(int rows, string publicDir, string outDir, string command, Action<string> log)
    {
        var world = EmbeddedData.World("default");
        var questions = PublicQuestions.Read(publicDir).Select(p => p.Question).Take((rows + world.Models.Count - 1) / world.Models.Count).ToList();
        var dataDir = Directory.CreateTempSubdirectory("semrouter-bench-train-").FullName;
        try
        {
            var recorded = await RecordAsync(dataDir, world, questions);
            using var encoder = OnnxEncoder.Load(ShippedModels.Encoder);
            var options = new TrainOptions { DataDir = dataDir, Promote = "never", Policy = new Gateway.Routing.RoutingOptions().Policy() };
            var cold = TrainJob.Run(options, encoder, null);
            log($"cold: {cold.Seconds:F1} s, encoded {cold.Encoded} questions at {cold.EncodedPerSecond:F0}/s");
            var warm = TrainJob.Run(options, encoder, null);
            log($"cached: {warm.Seconds:F1} s, encoded {warm.Encoded}");
            await WriteAsync(outDir, recorded, questions.Count, cold, warm, command);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<long> RecordAsync(string dataDir, World world, List<LabeledQuestion> questions)
    {
        await using var recorder = new FlywheelRecorder(Options.Create(new RecordingOptions { DataDir = dataDir, FlushIntervalSeconds = 1 }),
            NullLogger<FlywheelRecorder>.Instance);
        await recorder.StartAsync(default);
        await Parallel.ForEachAsync(questions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (q, _) =>
        {
            foreach (var model in world.Models)
                await recorder.AddAsync(new FlywheelRow
                {
                    RequestId = q.Id, Ts = DateTimeOffset.UtcNow, Mode = "training", Question = q.Question, Model = model.Id,
                    Answer = MockAnswers.Compose(q.Question, model), LatencyMs = world.Latency(q.Question, q.Difficulty, model).TotalMilliseconds,
                    Cost = 0, Score = world.Score(q, model), RouterVersion = "", ChosenModel = "",
                });
        });
        await recorder.StopAsync(default);
        return (long)questions.Count * world.Models.Count;
    }

    private static async Task WriteAsync(string outDir, long rows, int questions, TrainOutcome cold, TrainOutcome warm, string command)
    {
        Directory.CreateDirectory(outDir);
        var machine = BenchMachine.Description;
        await File.WriteAllTextAsync(Path.Combine(outDir, "train.json"), JsonSerializer.Serialize(new
        {
            command, machine, date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rows, questions,
            cold = new { seconds = Math.Round(cold.Seconds, 1), encoded = cold.Encoded, encode_per_second = Math.Round(cold.EncodedPerSecond) },
            cached = new { seconds = Math.Round(warm.Seconds, 1), encoded = warm.Encoded },
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var md = new StringBuilder().AppendLine("# Retraining benchmark").AppendLine()
            .AppendLine($"Command: `{command}`  ").AppendLine($"Machine: {machine}.").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{rows:N0} recorded rows: {questions:N0} labelled public questions × 13 models of the default world, scored as the mock scores.")
            .AppendLine("Each run reads every row from Parquet (DuckDB), embeds the questions (cached by text and encoder version), fits the head on 80%, replays it on the held-out 20%.").AppendLine()
            .AppendLine("| run | seconds | questions encoded | encode rate |").AppendLine("|---|---|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| cold (empty embedding cache) | {cold.Seconds:F1} | {cold.Encoded:N0} | {cold.EncodedPerSecond:F0}/s |")
            .AppendLine(CultureInfo.InvariantCulture, $"| embeddings cached | {warm.Seconds:F1} | {warm.Encoded} | |");
        await File.WriteAllTextAsync(Path.Combine(outDir, "report.md"), md.ToString());
    }
}
