using System.CommandLine;
using SemanticRouter.Benchmarks;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SemanticRouter.Mock;
using SemanticRouter.Routing;
using SemanticRouter.Routing.Encoders;
using SemanticRouter.Routing.Policy;
using SemanticRouter.Routing.Registry;

namespace SemanticRouter.Cli.Commands;

/// <summary>
/// <c>semrouter bench-routing</c>: the routing decision alone (tokenize, encode, estimate, rank) timed over the
/// verify questions, and how often the chosen model's family matches the question's domain on public questions
/// from sources the encoder and head never trained on.
/// </summary>
internal static class BenchRoutingCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Where to write decision.json and report.md.", DefaultValueFactory = _ => "eval/routing" };
        var classifier = new Option<string>("--classifier") { Description = "Classifier folder (default: the shipped one).", DefaultValueFactory = _ => ShippedModels.Classifier };
        var publicDir = new Option<string>("--public") { Description = "Folder of the public question sets (*.jsonl).", DefaultValueFactory = _ => "../shared/datasets/public" };
        var sources = new Option<string>("--sources")
        {
            Description = "Held-out public sources to check family matches on (the shipped encoder's held-out sources, per its model card).",
            DefaultValueFactory = _ => "cmath,mbppplus,pubmedqa,belle_eval_generation,eqbench_creative",
        };
        var repeats = new Option<int>("--repeats") { Description = "Timed decisions per verify question.", DefaultValueFactory = _ => 5 };
        var command = new Command("bench-routing", "Time the routing decision and check domain/family agreement on held-out public questions; writes eval/routing/.")
        {
            output, classifier, publicDir, sources, repeats,
        };
        command.SetAction(async (parse, ct) =>
        {
            var publicFolder = parse.GetValue(publicDir)!;
            var wanted = parse.GetValue(sources)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!Directory.Exists(publicFolder) || !Directory.EnumerateFiles(publicFolder, "*.jsonl").Any())
            {
                Console.Error.WriteLine($"bench-routing: no public question sets (*.jsonl) in {Path.GetFullPath(publicFolder)}. The family-match check " +
                                        $"needs questions from the held-out sources ({string.Join(", ", wanted)}); point --public at the folder that holds them.");
                return 2;
            }
            using var encoder = OnnxEncoder.Load(ShippedModels.Encoder);
            var loaded = ClassifierStore.Load(parse.GetValue(classifier)!, encoder);
            var policy = new Gateway.Routing.RoutingOptions().Policy();
            var timing = Time(loaded, policy, EmbeddedData.Questions("verify").Items.Select(q => q.Question).ToList(), parse.GetValue(repeats));
            var matches = Families(loaded, policy, publicFolder, wanted);
            if (matches.Count == 0)
            {
                Console.Error.WriteLine($"bench-routing: none of the sources {string.Join(", ", wanted)} is in {Path.GetFullPath(publicFolder)}; nothing to check families on.");
                return 2;
            }
            await WriteAsync(parse.GetValue(output)!, loaded, timing, matches, parse.Tokens.Select(t => t.Value));
            Console.WriteLine($"decision p50 {timing.All.P50:F3} ms, p99 {timing.All.P99:F3} ms over {timing.All.N} decisions");
            foreach (var (domain, (n, hit)) in matches) Console.WriteLine($"{domain}: family matches domain for {hit}/{n} = {(double)hit / Math.Max(1, n):P1}");
            return 0;
        });
        return command;
    }

    private sealed record Timing(Percentiles.Summary All, Dictionary<string, Percentiles.Summary> ByTokens);

    private static Timing Time(Classifier classifier, UtilityPolicy policy, List<string> questions, int repeats)
    {
        foreach (var q in questions.Take(50)) classifier.Decide(q, policy, _ => true); // warm up
        var all = new List<double>();
        var byBucket = new Dictionary<string, List<double>>();
        foreach (var question in questions)
        {
            var bucket = LengthBuckets.Of(classifier.Encoder.Tokenizer, question);
            for (var r = 0; r < repeats; r++)
            {
                var clock = Stopwatch.GetTimestamp();
                classifier.Decide(question, policy, _ => true);
                var ms = Stopwatch.GetElapsedTime(clock).TotalMilliseconds;
                all.Add(ms);
                (byBucket.TryGetValue(bucket, out var list) ? list : byBucket[bucket] = []).Add(ms);
            }
        }
        return new Timing(Percentiles.Summarize(all), byBucket.ToDictionary(kv => kv.Key, kv => Percentiles.Summarize(kv.Value)));
    }

    /// <summary>Per domain: questions from the held-out sources, and how many were routed to a model of that domain's family.</summary>
    private static SortedDictionary<string, (int N, int Hit)> Families(Classifier classifier, UtilityPolicy policy, string publicDir, string[] sources)
    {
        var world = EmbeddedData.World("default");
        var result = new SortedDictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var (question, source) in PublicQuestions.Read(publicDir))
        {
            if (!sources.Contains(source)) continue;
            var chosen = classifier.Decide(question.Question, policy, _ => true).Ranked[0].Model;
            var (n, hit) = result.GetValueOrDefault(question.Domain);
            result[question.Domain] = (n + 1, hit + (world.Find(chosen)?.Family == question.Domain ? 1 : 0));
        }
        return result;
    }

    private static async Task WriteAsync(string outDir, Classifier classifier, Timing timing, SortedDictionary<string, (int N, int Hit)> matches, IEnumerable<string> args)
    {
        Directory.CreateDirectory(outDir);
        var command = "./semrouter " + string.Join(' ', args); // the tokens start with the command name
        object Stats(Percentiles.Summary s) => new { n = s.N, mean_ms = Math.Round(s.Mean, 3), p50_ms = Math.Round(s.P50, 3), p95_ms = Math.Round(s.P95, 3), p99_ms = Math.Round(s.P99, 3), max_ms = Math.Round(s.Max, 3) };
        var json = new
        {
            command, classifier = classifier.Version, encoder = classifier.Encoder.Version,
            machine = BenchMachine.Description,
            date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            decision = Stats(timing.All),
            decision_by_length = timing.ByTokens.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key, kv => Stats(kv.Value)),
            family_matches_domain = matches.ToDictionary(kv => kv.Key, kv => new { n = kv.Value.N, rate = Math.Round((double)kv.Value.Hit / Math.Max(1, kv.Value.N), 4) }),
        };
        await File.WriteAllTextAsync(Path.Combine(outDir, "decision.json"), JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        var md = new StringBuilder().AppendLine("# Routing decision benchmark").AppendLine()
            .AppendLine($"Command: `{command}`  ").AppendLine($"Classifier {classifier.Version}, encoder {classifier.Encoder.Version}; {json.machine}; one thread.").AppendLine()
            .AppendLine("Time for one decision (tokenize, encode with ONNX Runtime, estimate every model, rank), over the verify questions:").AppendLine()
            .AppendLine("| questions | decisions | p50 ms | p95 ms | p99 ms | max ms |").AppendLine("|---|---|---|---|---|---|");
        void Row(string name, Percentiles.Summary s) => md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {s.N} | {s.P50:F3} | {s.P95:F3} | {s.P99:F3} | {s.Max:F3} |");
        Row("all", timing.All);
        foreach (var (bucket, s) in timing.ByTokens.OrderBy(kv => kv.Key)) Row(bucket, s);
        md.AppendLine().AppendLine("Chosen model's family vs the question's domain, default world, public questions from held-out sources:").AppendLine()
            .AppendLine("| domain | questions | family matches |").AppendLine("|---|---|---|");
        foreach (var (domain, (n, hit)) in matches) md.AppendLine(CultureInfo.InvariantCulture, $"| {domain} | {n} | {(double)hit / Math.Max(1, n):P1} |");
        md.AppendLine().AppendLine("In writing, the default world's best model for hard requests is qwen-max, so a lower family match there is expected.");
        await File.WriteAllTextAsync(Path.Combine(outDir, "report.md"), md.ToString());
    }
}
