using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SemanticRouter.Mock;
using SemanticRouter.Routing.Policy;
using Spectre.Console;

namespace SemanticRouter.Benchmarks.Learning;

/// <summary>What <c>semrouter bench-learning</c> runs.</summary>
public sealed record LearningBenchmarkOptions
{
    public required string OutDir { get; init; }
    public required string EncoderPath { get; init; }
    public required UtilityPolicy Policy { get; init; }
    public string? PublicFolder { get; init; }
    public int Worlds { get; init; } = 5;
    public int Seed { get; init; } = 100;
    public int TrainPerDomain { get; init; } = 300;
    public int VerifyPerDomain { get; init; } = 150;
    public IReadOnlyList<string> Splits { get; init; } = [LearningSplit.HeldOutName, LearningSplit.SameSourceName, LearningSplit.ProjectName];

    /// <summary>Run even when the encoder's training data included a held-out source (the report says so).</summary>
    public bool AllowSeenSources { get; init; }

    /// <summary>Also train ML.NET tree heads (FastTree, LightGBM) on each run's rows and report them as baselines.</summary>
    public bool CompareHeads { get; init; }

    public required string Command { get; init; }
}

/// <summary>
/// The generalisation benchmark: in the default and permuted worlds and in <see cref="LearningBenchmarkOptions.Worlds"/>
/// generated worlds (seeds <c>Seed + 1 …</c>), a flywheel round per split (<see cref="LearningSplit"/>; the project
/// split only in the two fixed worlds, where the demo's targets apply), then one report.
/// </summary>
public static class LearningBenchmark
{
    public static async Task<bool> RunAsync(LearningBenchmarkOptions options, CancellationToken ct)
    {
        var pool = QuestionPool.Load(options.PublicFolder);
        var seenHeldOut = EncoderSources.SeenOf(options.EncoderPath, pool.HeldOut.Values.SelectMany(s => s));
        if (seenHeldOut.Count > 0 && !options.AllowSeenSources)
            throw new InvalidOperationException($"The encoder at {options.EncoderPath} was trained on held-out sources ({string.Join(", ", seenHeldOut)}): " +
                "held-out runs would not measure generalisation. Use an encoder trained without them, or --allow-seen-sources to run anyway (the report says so).");

        var seeds = Enumerable.Range(options.Seed + 1, options.Worlds).ToList();
        var worlds = new List<World> { EmbeddedData.World("default"), EmbeddedData.World("permuted") };
        worlds.AddRange(seeds.Select(WorldGenerator.Generate));
        var work = Path.Combine(options.OutDir, "work");
        var runOptions = new LearningRunOptions(work, options.EncoderPath, options.Policy, CompareHeads: options.CompareHeads);
        var runs = new List<LearningRunResult>();
        foreach (var world in worlds)
        foreach (var name in options.Splits)
        {
            if (name == LearningSplit.ProjectName && world.Name.StartsWith("generated-", StringComparison.Ordinal)) continue;
            var split = name switch
            {
                LearningSplit.HeldOutName => LearningSplit.HeldOut(pool, options.TrainPerDomain, options.VerifyPerDomain, options.Seed),
                LearningSplit.SameSourceName => LearningSplit.SameSource(pool, options.TrainPerDomain, options.VerifyPerDomain, options.Seed),
                LearningSplit.ProjectName => LearningSplit.Project(),
                _ => throw new ArgumentException($"Unknown split '{name}': use {LearningSplit.HeldOutName}, {LearningSplit.SameSourceName} or {LearningSplit.ProjectName}."),
            };
            AnsiConsole.MarkupLine($"[bold]{world.Name} / {split.Name}[/]: {split.Train.Count} train, {split.Verify.Count} verify questions");
            var run = await LearningRun.RunAsync(world, split, runOptions, ct);
            var la = run.Baselines["label-aware"];
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"   router {run.Router.Accuracy:F4} at {run.Router.MeanLatencyMs:F0} ms ({run.ClientLatencyMs:F0} ms at the client); label-aware {la.Accuracy:F4} at {la.MeanLatencyMs:F0} ms ({run.Router.Accuracy / la.Accuracy:P1}); naive {run.Baselines["naive"].Accuracy:F4}"));
            runs.Add(run);
        }
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);

        var setup = new JsonObject
        {
            ["command"] = options.Command,
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["machine"] = BenchMachine.Description,
            ["encoder"] = EncoderSources.Version(options.EncoderPath),
            ["encoder_saw_held_out_sources"] = new JsonArray([.. seenHeldOut.Select(s => (JsonNode)s)]),
            ["world_seeds"] = new JsonArray([.. seeds.Select(s => (JsonNode)s)]),
            ["seed"] = options.Seed,
            ["latency_weight"] = options.Policy.LatencyWeight,
            ["cost_weight"] = options.Policy.CostWeight,
            ["pool_questions"] = pool.Questions.Count,
            ["public_sets"] = pool.HasPublic,
            ["held_out_sources"] = JsonSerializer.SerializeToNode(pool.HeldOut),
        };
        await LearningReport.WriteAsync(options.OutDir, setup, runs);
        return LearningReport.Checks(runs).All(c => c.Met);
    }
}
