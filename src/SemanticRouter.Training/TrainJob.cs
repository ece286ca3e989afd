using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SemanticRouter.Routing;
using SemanticRouter.Routing.Encoders;
using SemanticRouter.Routing.Estimation;
using SemanticRouter.Routing.Policy;
using SemanticRouter.Routing.Registry;

namespace SemanticRouter.Training;

/// <summary>How to train and when to promote.</summary>
public sealed record TrainOptions
{
    public required string DataDir { get; init; }

    /// <summary><c>auto</c> (see <see cref="PromotionRule"/>), <c>always</c> or <c>never</c>.</summary>
    public string Promote { get; init; } = "auto";

    public double Margin { get; init; }
    public int MinHeldOutQuestions { get; init; } = 50;
    public double Confidence { get; init; } = 0.95;
    public int MinRowsPerModel { get; init; } = 20;

    /// <summary>What one client rating weighs against one evaluate score in an answer's mean (0: ratings are not learned from).</summary>
    public double FeedbackWeight { get; init; } = 1;
    public double HeldOutFraction { get; init; } = 0.2;

    /// <summary>How many never-promoted versions to keep under <c>models/</c>, newest first (older ones are deleted).</summary>
    public int KeepUnpromoted { get; init; } = 10;

    /// <summary>What started this run (recorded in the version's decision.json): <c>cli</c>, <c>admin</c>, a cron firing, …</summary>
    public string Trigger { get; init; } = "cli";
    public required UtilityPolicy Policy { get; init; }
}

public sealed record TrainOutcome(
    string Version, bool Promoted, string Reason, ReplayResult Challenger, ReplayResult? Champion, string? ChampionVersion,
    TrainingData Data, IReadOnlyList<string> ExcludedModels, int Encoded, double EncodedPerSecond, double Seconds)
{
    /// <summary>The shipped classifier on the same held-out slice (null when it cannot be replayed: another encoder, or none).</summary>
    public ReplayResult? Shipped { get; init; }
}

/// <summary>Thrown when the recorded data cannot support a new head; the message says what is missing.</summary>
public sealed class NotEnoughDataException(string message) : Exception(message);

/// <summary>
/// The Train stage: recorded rows → embeddings (cached) → a challenger head fitted on the training slice →
/// offline replay of challenger and champion on the same held-out slice (a fixed hash split by question) →
/// promotion by the policy's utility (<see cref="PromotionRule"/>, which also checks the challenger against the
/// <paramref name="shipped"/> classifier on that slice). Each challenger is kept under <c>models/&lt;version&gt;/</c>:
/// the promoted ones all, the others the newest <see cref="TrainOptions.KeepUnpromoted"/>.
/// </summary>
public static class TrainJob
{
    public static TrainOutcome Run(TrainOptions options, OnnxEncoder encoder, Classifier? champion, Classifier? shipped = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var data = FlywheelDataset.Load(options.DataDir, options.FeedbackWeight);
        var models = data.Models.Where(m => data.RowsFor(m) >= options.MinRowsPerModel).ToList();
        var excluded = data.Models.Except(models).ToList();
        if (models.Count == 0)
            throw new NotEnoughDataException(data.Rows == 0
                ? $"No scored rows under {Path.GetFullPath(options.DataDir)}/flywheel: collect some first (semrouter collect)."
                : $"Too little data: no model has {options.MinRowsPerModel} scored rows (most: {data.Models.Max(data.RowsFor)}). Collect more, or lower --min-rows-per-model.");

        var cache = new EmbeddingCache(options.DataDir, encoder);
        var embeddings = cache.Get(data.Questions.Select(q => q.Question).ToList());
        var examples = data.Questions.Select((q, i) => new Example(embeddings[i],
            q.Question, q.ByModel.Where(kv => models.Contains(kv.Key)).ToDictionary())).Where(e => e.ByModel.Count > 0).ToList();
        var heldOut = examples.Where(e => Split.IsHeldOut(e.Text, "holdout", options.HeldOutFraction)).ToList();
        var training = examples.Except(heldOut).ToList();
        if (training.Count == 0 || heldOut.Count == 0)
            throw new NotEnoughDataException($"Too little data: {examples.Count} distinct scored questions cannot be split for training and a held-out check.");

        var head = HeadTrainer.Fit(training, models);
        var challenger = OfflineReplay.Run(head, heldOut, options.Policy);
        var compatible = champion is not null && champion.Manifest.EncoderVersion == encoder.Version;
        var championResult = compatible ? OfflineReplay.Run(champion!.Head, heldOut, options.Policy) : null;
        var shippedResult = shipped is not null && shipped.Manifest.EncoderVersion == encoder.Version
            ? OfflineReplay.Run(shipped.Head, heldOut, options.Policy) : null;

        var rule = new PromotionRule(options.Promote, options.Margin, options.MinHeldOutQuestions, options.Confidence);
        var (promote, reason) = rule.Decide(new PromotionEvidence(challenger.PerQuestion, championResult?.PerQuestion, champion is not null,
            shippedResult?.PerQuestion));

        var trainingData = new TrainingData(data.From, data.To, data.Rows, data.Questions.Count);
        var version = $"clf-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Hash(head)}";
        var store = new ClassifierStore(options.DataDir);
        var folder = Directory.CreateDirectory(store.Folder(version)).FullName;
        head.Save(Path.Combine(folder, "head.json"));
        new ClassifierManifest
        {
            Version = version,
            Created = DateTimeOffset.UtcNow,
            EncoderVersion = encoder.Version,
            Data = trainingData,
            Metrics = Metrics(challenger, championResult, heldOut.Count, options.Policy),
        }.Save(folder);
        File.WriteAllText(Path.Combine(folder, ClassifierStore.DecisionFile), JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["promoted"] = promote, ["reason"] = reason, ["champion"] = champion?.Version, ["mode"] = options.Promote,
            ["trigger"] = options.Trigger,
        }));
        if (promote) store.Promote(version);
        store.PruneUnpromoted(options.KeepUnpromoted);
        return new TrainOutcome(version, promote, reason, challenger, championResult, champion?.Version, trainingData, excluded,
            cache.LastRun.Encoded, cache.LastRun.PerSecond, clock.Elapsed.TotalSeconds) { Shipped = shippedResult };
    }

    private static Dictionary<string, double> Metrics(ReplayResult challenger, ReplayResult? champion, int heldOut, UtilityPolicy policy)
    {
        var metrics = new Dictionary<string, double>
        {
            ["held_out_questions"] = heldOut,
            ["mean_score"] = challenger.MeanScore,
            ["mean_latency_ms"] = challenger.MeanLatencyMs,
            ["mean_cost"] = challenger.MeanCost,
            ["utility"] = challenger.Utility,
            ["latency_weight"] = policy.LatencyWeight,
            ["cost_weight"] = policy.CostWeight,
        };
        if (champion is not null)
        {
            metrics["champion_mean_score"] = champion.MeanScore;
            metrics["champion_mean_latency_ms"] = champion.MeanLatencyMs;
            metrics["champion_utility"] = champion.Utility;
        }
        return metrics;
    }

    private static string Hash(RoutingHead head)
    {
        var bytes = new byte[head.ScoreWeights.Length * 4];
        Buffer.BlockCopy(head.ScoreWeights, 0, bytes, 0, bytes.Length);
        return Convert.ToHexStringLower(SHA256.HashData(bytes))[..6];
    }

    /// <summary>A short table of the outcome, for the console.</summary>
    public static string Describe(TrainOutcome outcome)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"data: {outcome.Data.Rows} scored rows, {outcome.Data.Questions} questions, {outcome.Data.From:u} .. {outcome.Data.To:u}");
        if (outcome.ExcludedModels.Count > 0) text.AppendLine($"left out (too few rows): {string.Join(", ", outcome.ExcludedModels)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"encoded {outcome.Encoded} new questions ({outcome.EncodedPerSecond:F0}/s); took {outcome.Seconds:F1} s");
        text.AppendLine("             held-out questions  mean score  mean latency ms  utility");
        void Row(string name, ReplayResult r) =>
            text.AppendLine(CultureInfo.InvariantCulture, $"{name,-12} {r.Questions,18}  {r.MeanScore,10:F4}  {r.MeanLatencyMs,15:F1}  {r.Utility,7:F4}");
        Row("challenger", outcome.Challenger);
        if (outcome.Champion is not null) Row("champion", outcome.Champion);
        if (outcome.Shipped is not null) Row("shipped", outcome.Shipped);
        text.AppendLine($"{outcome.Version}: {(outcome.Promoted ? "PROMOTED" : "not promoted")} ({outcome.Reason})");
        return text.ToString();
    }
}
