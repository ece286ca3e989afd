using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SemanticRouter.Benchmarks.Learning;

/// <summary>
/// <c>summary.json</c> and <c>report.md</c> of a learning benchmark: every run next to its baselines, and the
/// targets checked where they apply (generated worlds on held-out sources: ≥ 98% of label-aware's score at ≤ 1.1×
/// its latency and at least 0.02 above the naive router at no more latency; default world on held-out sources:
/// family match ≥ 90% in every domain; default and permuted worlds on the project's own sets: ≥ 97% of
/// label-aware's score at ≤ 60% of always-qwen-max's latency).
/// </summary>
public static class LearningReport
{
    public sealed record Check(string Target, string Run, bool Met, string Measured);

    public static List<Check> Checks(IReadOnlyList<LearningRunResult> runs)
    {
        var checks = new List<Check>();
        foreach (var run in runs)
        {
            var label = $"{run.World} / {run.Split}";
            var la = run.Baselines["label-aware"];
            if (run.World.StartsWith("generated-", StringComparison.Ordinal) && run.Split == LearningSplit.HeldOutName)
            {
                var naive = run.Baselines["naive"];
                checks.Add(new("score ≥ 98% of label-aware", label, run.Router.Accuracy >= 0.98 * la.Accuracy, Pct(run.Router.Accuracy / la.Accuracy)));
                checks.Add(new("latency ≤ 1.1 × label-aware", label, run.Router.MeanLatencyMs <= 1.1 * la.MeanLatencyMs, $"{run.Router.MeanLatencyMs / la.MeanLatencyMs:F3} ×"));
                checks.Add(new("score ≥ naive + 0.02 at no more latency", label,
                    run.Router.Accuracy >= naive.Accuracy + 0.02 && run.Router.MeanLatencyMs <= naive.MeanLatencyMs,
                    $"{run.Router.Accuracy - naive.Accuracy:+0.0000;-0.0000}, {run.Router.MeanLatencyMs - naive.MeanLatencyMs:+0;-0} ms"));
            }
            if (run.World == "default" && run.Split == LearningSplit.HeldOutName)
                foreach (var (domain, match) in run.FamilyMatch)
                    checks.Add(new($"family match ≥ 90% ({domain})", label, match >= 0.9, Pct(match)));
            if (run.Split == LearningSplit.ProjectName && run.Baselines.TryGetValue("always-qwen-max", out var max))
            {
                checks.Add(new("score ≥ 97% of label-aware", label, run.Router.Accuracy >= 0.97 * la.Accuracy, Pct(run.Router.Accuracy / la.Accuracy)));
                checks.Add(new("latency ≤ 60% of always-qwen-max", label, run.Router.MeanLatencyMs <= 0.6 * max.MeanLatencyMs, Pct(run.Router.MeanLatencyMs / max.MeanLatencyMs)));
            }
        }
        return checks;
    }

    public static async Task WriteAsync(string outDir, JsonObject setup, IReadOnlyList<LearningRunResult> runs)
    {
        Directory.CreateDirectory(outDir);
        var checks = Checks(runs);
        var summary = new JsonObject
        {
            ["setup"] = setup.DeepClone(),
            ["runs"] = new JsonArray([.. runs.Select(Run)]),
            ["targets"] = new JsonArray([.. checks.Select(c => (JsonNode)new JsonObject
            {
                ["target"] = c.Target, ["run"] = c.Run, ["met"] = c.Met, ["measured"] = c.Measured,
            })]),
            ["all_targets_met"] = checks.All(c => c.Met),
        };
        var json = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        await File.WriteAllTextAsync(Path.Combine(outDir, "summary.json"), summary.ToJsonString(json) + "\n");
        await File.WriteAllTextAsync(Path.Combine(outDir, "report.md"), Markdown(setup, runs, checks));
    }

    private static JsonNode Run(LearningRunResult r)
    {
        var la = r.Baselines["label-aware"];
        var baselines = new JsonObject();
        foreach (var (name, b) in r.Baselines.Where(kv => !kv.Key.StartsWith("always-", StringComparison.Ordinal) || kv.Key == "always-qwen-max")
                     .OrderBy(kv => kv.Key, StringComparer.Ordinal))
            baselines[name] = Result(b);
        return new JsonObject
        {
            ["world"] = r.World, ["split"] = r.Split, ["train_questions"] = r.TrainQuestions, ["verify_questions"] = r.VerifyQuestions,
            ["failed"] = r.Failed, ["classifier"] = r.Classifier,
            ["router"] = Result(r.Router, r.ClientLatencyMs),
            ["score_vs_label_aware"] = Math.Round(r.Router.Accuracy / la.Accuracy, 4),
            ["latency_vs_label_aware"] = Math.Round(r.Router.MeanLatencyMs / la.MeanLatencyMs, 4),
            ["score_minus_naive"] = Math.Round(r.Router.Accuracy - r.Baselines["naive"].Accuracy, 4),
            ["baselines"] = baselines,
            ["family_match"] = new JsonObject([.. r.FamilyMatch.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Math.Round(kv.Value, 4)))]),
            ["model_use"] = new JsonObject([.. r.ModelUse.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
            ["train_seconds"] = Math.Round(r.TrainSeconds, 1), ["run_seconds"] = Math.Round(r.RunSeconds, 1),
        };
    }

    private static JsonObject Result(BaselineResult b, double? clientLatencyMs = null)
    {
        var result = new JsonObject { ["mean_score"] = Math.Round(b.Accuracy, 4), ["mean_latency_ms"] = Math.Round(b.MeanLatencyMs, 1) };
        if (clientLatencyMs is { } client) result["client_latency_ms"] = Math.Round(client, 1);
        return result;
    }

    private static string Markdown(JsonObject setup, IReadOnlyList<LearningRunResult> runs, List<Check> checks)
    {
        var md = new StringBuilder().AppendLine("# Learning benchmark").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Command: `{setup["command"]}` ({setup["date"]}; {setup["machine"]})").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Encoder `{setup["encoder"]}`; generated worlds' seeds {setup["world_seeds"]!.ToJsonString()}; question seed {setup["seed"]}; " +
                                                    $"pool {setup["pool_questions"]} questions ({(setup["public_sets"]!.GetValue<bool>() ? "project sets and public sets" : "project sets only: the public sets were not found")}).").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Held-out sources (never in the encoder's training, never collected in a held-out run): {setup["held_out_sources"]!.ToJsonString()}.").AppendLine();
        md.AppendLine("Each run: collect the train questions through the gateway in training mode, `train` (promote), serve, route every verify question; " +
                      "scores from the evaluate endpoint; latency as the world simulates it for the model picked, as for every baseline (the latency measured at the client, " +
                      "which adds the gateway, the routing decision and the machine's load, is in `at client`). Baselines: scores the evaluate endpoint gives for the model they pick. " +
                      "`naive` = character n-grams with ridge heads trained on the same recorded rows.").AppendLine();
        foreach (var split in runs.Select(r => r.Split).Distinct())
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## {split}").AppendLine();
            md.AppendLine("| world | train / verify | router score | router ms | at client | label-aware | ms | router ÷ label-aware | latency × | naive | ms | router − naive | domain-7b | domain-32b | qwen-max | oracle |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var r in runs.Where(r => r.Split == split))
            {
                BaselineResult B(string name) => r.Baselines.TryGetValue(name, out var b) ? b : new BaselineResult(double.NaN, double.NaN);
                var (la, naive) = (B("label-aware"), B("naive"));
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.World} | {r.TrainQuestions} / {r.VerifyQuestions} | **{r.Router.Accuracy:F4}** | {r.Router.MeanLatencyMs:F0} | {r.ClientLatencyMs:F0} | {la.Accuracy:F4} | {la.MeanLatencyMs:F0} | " +
                    $"{r.Router.Accuracy / la.Accuracy:P1} | {r.Router.MeanLatencyMs / la.MeanLatencyMs:F2} | {naive.Accuracy:F4} | {naive.MeanLatencyMs:F0} | {r.Router.Accuracy - naive.Accuracy:+0.0000;-0.0000} | " +
                    $"{B("domain-7b").Accuracy:F4} | {B("domain-32b").Accuracy:F4} | {B("always-qwen-max").Accuracy:F4} | {B("oracle").Accuracy:F4} |");
            }
            md.AppendLine();
        }
        var heads = runs.SelectMany(r => r.Baselines.Keys).Where(k => k.EndsWith("-head", StringComparison.Ordinal)).Distinct().Order().ToList();
        if (heads.Count > 0)
        {
            md.AppendLine("## Heads (`--compare-heads`: other learners on the same rows and features; score at ms)").AppendLine();
            md.AppendLine("| world / split | router (ridge head, through the gateway) | " + string.Join(" | ", heads) + " |").AppendLine("|---|---|" + string.Concat(heads.Select(_ => "---|")));
            foreach (var r in runs)
                md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {r.World} / {r.Split} | {r.Router.Accuracy:F4} at {r.Router.MeanLatencyMs:F0} | ") +
                    string.Join(" | ", heads.Select(h => r.Baselines.TryGetValue(h, out var b) ? string.Create(CultureInfo.InvariantCulture, $"{b.Accuracy:F4} at {b.MeanLatencyMs:F0}") : "")) + " |");
            md.AppendLine();
        }
        md.AppendLine("## Family match (the chosen model's family is the question's domain)").AppendLine();
        md.AppendLine("| world / split | " + string.Join(" | ", Mock.WorldGenerator.Domains) + " |").AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", 4)));
        foreach (var r in runs)
            md.AppendLine($"| {r.World} / {r.Split} | " + string.Join(" | ", Mock.WorldGenerator.Domains.Select(d => r.FamilyMatch.TryGetValue(d, out var v) ? v.ToString("P1", CultureInfo.InvariantCulture) : "")) + " |");
        md.AppendLine().AppendLine("Family match only means something where a domain's best models share a family (the default world); elsewhere it is shown for reference.").AppendLine();
        md.AppendLine("## Targets").AppendLine().AppendLine("| target | run | measured | met |").AppendLine("|---|---|---|---|");
        foreach (var c in checks) md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Target} | {c.Run} | {c.Measured} | {(c.Met ? "yes" : "**no**")} |");
        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"All targets met: **{(checks.All(c => c.Met) ? "yes" : "no")}** ({checks.Count(c => c.Met)} of {checks.Count}).");
        return md.ToString();
    }

    private static string Pct(double value) => value.ToString("P1", CultureInfo.InvariantCulture);
}
