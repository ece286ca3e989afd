using System.Diagnostics;
using SemanticRouter.Mock;
using SemanticRouter.Routing.Encoders;

namespace SemanticRouter.Benchmarks.Encoders;

/// <summary>
/// <c>semrouter bench-encoder</c>: batch-1 encoding time over the verify questions, by length; with
/// <c>--against DIR</c>, a second encoder folder timed in the same process, alternating question by question (so
/// both see the same machine), and the largest difference between their embeddings: how a rewritten model file
/// (e.g. <c>training/encoder/fuse.py</c>'s output) is shown to be the same function, and faster or not.
/// </summary>
public static class EncoderBenchmark
{
    /// <summary>Times <paramref name="encoderPath"/> (and <paramref name="againstPath"/>, alternately) and writes the table to <paramref name="output"/>.</summary>
    public static void Run(string encoderPath, string? againstPath, int passes, TextWriter output)
    {
        var questions = EmbeddedData.Questions("verify").Items.Select(q => q.Question).ToList();
        using var first = OnnxEncoder.Load(encoderPath, normalize: false);
        using var second = againstPath is { } other ? OnnxEncoder.Load(other, normalize: false) : null;
        OnnxEncoder[] encoders = second is null ? [first] : [first, second];
        var times = encoders.Select(_ => new Dictionary<string, List<double>>()).ToArray();
        var embeddings = encoders.Select(e => new float[e.Dimension]).ToArray();
        var largest = 0.0;
        for (var pass = 0; pass <= passes; pass++) // pass 0 warms up
        {
            foreach (var question in questions)
            {
                var bucket = LengthBuckets.Of(first.Tokenizer, question);
                for (var i = 0; i < encoders.Length; i++)
                {
                    var clock = Stopwatch.GetTimestamp();
                    encoders[i].Embed(question, embeddings[i]);
                    var us = Stopwatch.GetElapsedTime(clock).TotalMicroseconds;
                    if (pass == 0) continue;
                    foreach (var key in new[] { "all", bucket })
                        (times[i].TryGetValue(key, out var list) ? list : times[i][key] = []).Add(us);
                }
                if (second is not null && embeddings[0].Length == embeddings[1].Length)
                    for (var d = 0; d < embeddings[0].Length; d++) largest = Math.Max(largest, Math.Abs(embeddings[0][d] - embeddings[1][d]));
            }
        }
        output.WriteLine($"batch-1 encoding, 1 thread, {questions.Count} verify questions x {passes} passes (µs):");
        for (var i = 0; i < encoders.Length; i++)
        {
            output.WriteLine($"{encoders[i].Folder} ({encoders[i].Version})");
            foreach (var (key, values) in times[i].OrderBy(kv => Array.IndexOf(Order, kv.Key)))
            {
                var s = Percentiles.Summarize(values);
                output.WriteLine($"  {key,-24} n {s.N,6}  p50 {s.P50,7:F0}  p99 {s.P99,7:F0}  mean {s.Mean,7:F0}");
            }
        }
        if (second is not null)
            output.WriteLine(embeddings[0].Length == embeddings[1].Length
                ? $"largest absolute difference between the two embeddings (signals included): {largest:E2}"
                : $"the embeddings differ in length ({embeddings[0].Length} and {embeddings[1].Length}): not compared");
    }

    private static readonly string[] Order = ["all", .. LengthBuckets.Names];
}
