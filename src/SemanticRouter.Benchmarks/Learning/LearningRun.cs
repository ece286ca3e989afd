using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway;
using SemanticRouter.Gateway.Registry;
using SemanticRouter.Mock;
using SemanticRouter.Routing.Encoders;
using SemanticRouter.Routing.Policy;
using SemanticRouter.Training;

namespace SemanticRouter.Benchmarks.Learning;

/// <summary>How a learning run is set up (the same for every world and split of one benchmark).</summary>
public sealed record LearningRunOptions(string WorkDir, string EncoderPath, UtilityPolicy Policy, int CollectConcurrency = 32, int BenchConcurrency = 16,
    bool CompareHeads = false);

/// <summary>What one (world, split) run measured: the router through the gateway, and every baseline on the same questions.</summary>
public sealed record LearningRunResult(
    string World, string Split, int TrainQuestions, int VerifyQuestions, int Failed, string Classifier,
    BaselineResult Router, double ClientLatencyMs, IReadOnlyDictionary<string, BaselineResult> Baselines,
    IReadOnlyDictionary<string, double> FamilyMatch, IReadOnlyDictionary<string, int> ModelUse, double TrainSeconds, double RunSeconds);

/// <summary>
/// One flywheel round the way a user runs it, through the real gateway and the mock: the train questions are
/// collected in training mode (every model answers, every answer is scored and recorded), a classifier is trained
/// from the recorded rows by the same job as <c>semrouter train</c> and promoted, a gateway serving it routes every
/// verify question (its traffic not recorded), and each answer is scored by the evaluate endpoint. The naive text
/// router is trained on the same recorded rows; the other baselines come from the world and the labels.
/// </summary>
public static class LearningRun
{
    public static async Task<LearningRunResult> RunAsync(World world, LearningSplit split, LearningRunOptions options, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var dataDir = Path.Combine(options.WorkDir, $"{world.Name}-{split.Name}");
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        Directory.CreateDirectory(dataDir);

        var train = new QuestionSet(split.Train.Select(q => q.Question).ToList());
        await using (var mock = await StartAsync(MockServer.Build(new MockOptions { World = world, Questions = train }, "http://127.0.0.1:0"), ct))
        await using (var gateway = await StartAsync(Gateway(mock, dataDir, options.EncoderPath, record: true), ct))
        {
            var items = train.Items.Select(q => new QuestionItem(q.Id, q.Question)).ToList();
            var collected = await Collector.CollectAsync(new Uri(gateway.Urls.First()), items, options.CollectConcurrency, ct);
            if (collected.Failures > 0) throw new InvalidOperationException($"{collected.Failures} of {items.Count} questions failed while collecting.");
            await gateway.StopAsync(ct); // flushes every recorded row to Parquet
        }

        var verify = new QuestionSet(split.Verify.Select(q => q.Question).ToList());
        TrainOutcome outcome;
        var heads = new Dictionary<string, BaselineResult>();
        using (var encoder = OnnxEncoder.Load(options.EncoderPath))
        {
            outcome = TrainJob.Run(new TrainOptions { DataDir = dataDir, Promote = "always", Policy = options.Policy, Trigger = "bench-learning" }, encoder, champion: null);
            if (options.CompareHeads)
                foreach (var trainer in TreeHead.Trainers)
                    heads[$"{trainer}-head"] = TreeHead.Evaluate(trainer, world, verify.Items, dataDir, encoder, options.Policy);
        }

        List<QuestionResult> results;
        await using (var mock = await StartAsync(MockServer.Build(new MockOptions { World = world, Questions = verify }, "http://127.0.0.1:0"), ct))
        await using (var gateway = await StartAsync(Gateway(mock, dataDir, options.EncoderPath, record: false), ct))
        {
            var serving = gateway.Services.GetRequiredService<ClassifierRegistry>().Current?.Version;
            if (serving != outcome.Version) throw new InvalidOperationException($"The gateway serves {serving ?? "no classifier"}, not the one just trained ({outcome.Version}).");
            results = await BenchRunner.RunAsync(new Uri(gateway.Urls.First()), new Uri(new Uri(mock.Urls.First()), "/v1/evaluate"),
                verify.Items.Select(q => new QuestionItem(q.Id, q.Question)).ToList(), q => verify.Find(q)?.Domain, options.BenchConcurrency, ct);
        }

        var baselines = Baselines.Compute(world, verify.Items, options.Policy);
        baselines["naive"] = Naive(world, verify.Items, dataDir, options.Policy);
        foreach (var (name, result) in heads) baselines[name] = result;
        var answered = results.Where(r => r.Model is not null).ToList();
        // The router's latency the way the baselines' is taken (what the world simulates for the model picked), so the
        // comparison is of decisions; the latency at the client (gateway, routing, machine load) is reported beside it.
        var worldLatency = answered.Average(r => world.Latency(r.Question, verify.Find(r.Question)!.Difficulty, world.Find(r.Model!)!).TotalMilliseconds);
        return new LearningRunResult(world.Name, split.Name, train.Items.Count, verify.Items.Count, results.Count(r => r.Failed), outcome.Version,
            new BaselineResult(results.Average(r => r.Score), worldLatency), results.Average(r => r.LatencyMs), baselines,
            answered.GroupBy(r => r.Domain!).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (double)g.Count(r => world.Find(r.Model!)?.Family == g.Key) / g.Count()),
            answered.GroupBy(r => r.Model!).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count()),
            outcome.Seconds, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The naive text router trained on the run's recorded rows; its picks scored and timed as the mock would.</summary>
    private static BaselineResult Naive(World world, IReadOnlyList<LabeledQuestion> verify, string dataDir, UtilityPolicy policy)
    {
        var data = FlywheelDataset.Load(dataDir);
        var models = data.Models.ToList();
        var (scores, latencies) = (new double[data.Questions.Count, models.Count], new double[data.Questions.Count, models.Count]);
        for (var i = 0; i < data.Questions.Count; i++)
        for (var m = 0; m < models.Count; m++)
        {
            var seen = data.Questions[i].ByModel.TryGetValue(models[m], out var o);
            scores[i, m] = seen ? o!.Score : double.NaN;
            latencies[i, m] = seen ? o!.LatencyMs / 1000 : double.NaN;
        }
        var naive = NaiveTextRouter.Fit(data.Questions.Select(q => q.Question).ToList(), models, scores, latencies);
        var meanCost = models.Select(m => data.Questions.Where(q => q.ByModel.ContainsKey(m)).Select(q => q.ByModel[m].Cost).DefaultIfEmpty(0).Average()).ToList();
        double score = 0, latency = 0;
        foreach (var question in verify)
        {
            var model = world.Find(naive.Choose(question.Question, policy, meanCost, _ => true))!;
            score += world.Score(question, model);
            latency += world.Latency(question.Question, question.Difficulty, model).TotalMilliseconds;
        }
        return new BaselineResult(score / verify.Count, latency / verify.Count);
    }

    private static WebApplication Gateway(WebApplication mock, string dataDir, string encoderPath, bool record) =>
        GatewayApp.Build("http://127.0.0.1:0", GatewayApp.ReadConfiguration(null, new Dictionary<string, string?>
        {
            ["Gateway:Upstream"] = mock.Urls.First(),
            ["Gateway:DataDir"] = dataDir,
            ["Routing:EncoderPath"] = encoderPath,
            ["Shadow:Enabled"] = record ? "true" : "false",
            ["Retrain:Enabled"] = "false", // the run trains at one point of its story, as the user would
        }), logging: _ => { });

    private static async Task<WebApplication> StartAsync(WebApplication app, CancellationToken ct)
    {
        await app.StartAsync(ct);
        return app;
    }
}
