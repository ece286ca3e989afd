using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway;
using SemanticRouter.Gateway.Registry;
using SemanticRouter.Mock;
using SemanticRouter.Routing.Policy;
using SemanticRouter.Training;
using Spectre.Console;

namespace SemanticRouter.Benchmarks.Demo;

/// <summary>
/// <c>semrouter demo</c>: the whole flywheel in one command, on embedded defaults. Starts a train mock and a verify
/// mock, a gateway in front of each (sharing one data directory), benches the classifier in service on the verify
/// set, collects the train set in training mode, retrains and promotes when better, waits for the verify gateway to
/// hot-swap, benches again, and prints the before/after table next to the baselines and what changed. Every step
/// is printed, a step that does nothing with the reason.
/// </summary>
public static class DemoRun
{
    /// <summary>The whole story, printed as it goes; <paramref name="invocation"/> is the command line the bench reports name.</summary>
    /// <param name="judge"><c>evaluate-api</c> (the mock's <c>/v1/evaluate</c>), or <c>llm</c>: the mock's judge model scores every answer
    /// the flywheel records and the benches score in this process, so that no <c>/v1/evaluate</c> call is made.</param>
    public static async Task<int> RunAsync(string dataDir, string worldName, int? trainLimit, int? verifyLimit, int concurrency, string invocation,
        bool force, CancellationToken ct, string judge = "evaluate-api")
    {
        var world = worldName is "default" or "permuted" ? EmbeddedData.World(worldName) : World.Load(worldName);
        if (DemoDataDir.WhyNotEmpty(dataDir, force) is { } refusal)
        {
            Console.Error.WriteLine(refusal);
            return 2;
        }
        DemoDataDir.Prepare(dataDir);
        var train = EmbeddedData.Questions("train");
        var verify = EmbeddedData.Questions("verify");

        var llm = judge == "llm";
        var trainOptions = new MockOptions { World = world, Questions = train, JudgeModel = llm ? JudgeModel : null };
        var verifyOptions = new MockOptions { World = world, Questions = verify };
        await using var trainMock = await StartAsync(MockServer.Build(trainOptions, "http://127.0.0.1:0"), ct);
        await using var verifyMock = await StartAsync(MockServer.Build(verifyOptions, "http://127.0.0.1:0"), ct);
        await using var trainGateway = await StartAsync(Gateway(trainMock, dataDir, record: true, llm), ct);
        // Benchmark traffic is not recorded: the verify set must never leak into what the router trains on.
        await using var verifyGateway = await StartAsync(Gateway(verifyMock, dataDir, record: false, llm: false), ct);
        Func<string, string, double>? scorer = llm ? (q, a) => Math.Max(0, MockEndpoints.Score(new EvaluateRequest(q, a), verifyOptions)) : null;
        AnsiConsole.MarkupLine($"world [bold]{world.Name}[/]; train mock {trainMock.Urls.First()}, verify mock {verifyMock.Urls.First()}; " +
                               $"gateways {trainGateway.Urls.First()} (train), {verifyGateway.Urls.First()} (verify); data in {Path.GetFullPath(dataDir)}");

        var registry = verifyGateway.Services.GetRequiredService<ClassifierRegistry>();
        var verifyItems = verify.Items.Take(verifyLimit ?? int.MaxValue).Select(q => new QuestionItem(q.Id, q.Question)).ToList();
        var baselines = Baselines.Compute(world, verify.Items.Take(verifyItems.Count).ToList(), DemoPolicy);

        AnsiConsole.MarkupLine($"[bold]1. bench[/] classifier {registry.Current?.Version ?? "(none: default model)"} on {verifyItems.Count} verify questions");
        var before = await BenchAsync(verifyGateway, verifyMock, verifyItems, verify, baselines, world, Path.Combine(dataDir, "bench-before"), concurrency, invocation, ct, scorer);

        var trainItems = train.Items.Take(trainLimit ?? int.MaxValue).Select(q => new QuestionItem(q.Id, q.Question)).ToList();
        AnsiConsole.MarkupLine($"[bold]2. collect[/] {trainItems.Count} train questions in training mode (every model answers, all scored)");
        var collected = await Collector.CollectAsync(new Uri(trainGateway.Urls.First()), trainItems, concurrency, ct);
        AnsiConsole.MarkupLine($"   {collected.Rows} rows, {collected.Failures} failures");
        await trainGateway.StopAsync(ct); // flushes every recorded row to Parquet

        AnsiConsole.MarkupLine("[bold]3. retrain[/] from the recorded data and promote when better");
        var encoder = registry.Encoder ?? throw new InvalidOperationException("No encoder is loaded; the demo needs the shipped models/encoder.");
        var servedBefore = registry.Current?.Version;
        TrainOutcome? outcome = null;
        string? whyNot;
        try
        {
            outcome = TrainJob.Run(new TrainOptions { DataDir = dataDir, Policy = DemoPolicy }, encoder, registry.Current, registry.Shipped);
            AnsiConsole.Write(new Text(TrainJob.Describe(outcome)));
            whyNot = outcome.Promoted ? null : $"the challenger {outcome.Version} was not promoted: {outcome.Reason}";
        }
        catch (NotEnoughDataException e)
        {
            whyNot = "no challenger was trained: " + e.Message;
        }

        if (outcome is { Promoted: true })
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (registry.Current?.Version != outcome.Version && DateTime.UtcNow < deadline) await Task.Delay(200, ct);
            AnsiConsole.MarkupLine(Markup.Escape($"4. hot swap: the verify gateway now serves {registry.Current?.Version} (it served {servedBefore ?? "none"})")
                .Replace("4. hot swap", "[bold]4. hot swap[/]", StringComparison.Ordinal));
        }
        else
            AnsiConsole.MarkupLine("[bold]4. hot swap[/]: none. " + Markup.Escape($"{whyNot}; the verify gateway keeps serving {servedBefore ?? "the default model"}."));
        AnsiConsole.MarkupLine($"[bold]5. bench[/] again");
        var after = await BenchAsync(verifyGateway, verifyMock, verifyItems, verify, baselines, world, Path.Combine(dataDir, "bench-after"), concurrency, invocation, ct, scorer);

        var table = new Table().AddColumns("policy", "mean score", "mean latency ms", "large-model share");
        table.AddRow("router before", Fmt(before["accuracy"]), Fmt(before["mean_latency_ms"], "F0"), Fmt(before["large_model_share"]));
        table.AddRow("router after", Fmt(after["accuracy"]), Fmt(after["mean_latency_ms"], "F0"), Fmt(after["large_model_share"]));
        foreach (var name in new[] { "always-qwen-max", "label-aware", "oracle" })
            if (baselines.TryGetValue(name, out var b)) table.AddRow(name, b.Accuracy.ToString("F4", CultureInfo.InvariantCulture), b.MeanLatencyMs.ToString("F0", CultureInfo.InvariantCulture), "");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"judge: {judge}");
        AnsiConsole.MarkupLine($"evaluate API calls: {trainOptions.Counters.EvaluateCalls + verifyOptions.Counters.EvaluateCalls}");
        AnsiConsole.MarkupLine(Markup.Escape(Verdict(world.Name, before, after, whyNot)));
        AnsiConsole.MarkupLine($"reports: {Path.Combine(dataDir, "bench-before", "report.md")}, {Path.Combine(dataDir, "bench-after", "report.md")}");
        await verifyGateway.StopAsync(ct);
        AnsiConsole.MarkupLine("[green]demo finished[/]");
        return 0;
    }

    /// <summary>What the flywheel did, in one sentence: the change it made, or why it made none.</summary>
    internal static string Verdict(string world, JsonObject before, JsonObject after, string? whyNot)
    {
        var (b, a) = (before["accuracy"]!.GetValue<double>(), after["accuracy"]!.GetValue<double>());
        var (bl, al) = (before["mean_latency_ms"]!.GetValue<double>(), after["mean_latency_ms"]!.GetValue<double>());
        var change = string.Create(CultureInfo.InvariantCulture, $"mean score {b:F4} -> {a:F4}, mean latency {bl:F0} -> {al:F0} ms");
        if (whyNot is not null)
            return $"the flywheel did not change the router ({change}): {whyNot}." + (world == "default"
                ? " The shipped classifier was trained on this world's train set, so one more round has little to learn; --world permuted shows the flywheel learning a world the router does not know."
                : "");
        if (Math.Abs(a - b) < 0.005)
            return $"the flywheel promoted a new classifier, but it routes about as the old one did ({change}): the old one already knew this world.";
        return $"the flywheel changed the router: {change} on the same verify questions, from the data it recorded and nothing else.";
    }

    /// <summary>The router's default policy (Routing:LatencyWeight / CostWeight), also used for the label-aware baseline.</summary>
    private static readonly UtilityPolicy DemoPolicy = new Gateway.Routing.RoutingOptions().Policy();

    private const string JudgeModel = "mock-judge";

    private static WebApplication Gateway(WebApplication mock, string dataDir, bool record, bool llm) =>
        GatewayApp.Build("http://127.0.0.1:0", GatewayApp.ReadConfiguration(null, new Dictionary<string, string?>
        {
            ["Evaluation:Judge"] = llm ? "llm" : null,
            ["Evaluation:JudgeModel"] = llm ? JudgeModel : null,
            ["Gateway:Upstream"] = mock.Urls.First(),
            ["Gateway:DataDir"] = dataDir,
            ["Shadow:Enabled"] = record ? "true" : "false",
            ["Routing:WatchSeconds"] = "0.5",
            ["Retrain:Enabled"] = "false", // the demo retrains itself, at a point of its story
        }), logging: _ => { });

    private static async Task<WebApplication> StartAsync(WebApplication app, CancellationToken ct)
    {
        await app.StartAsync(ct);
        return app;
    }

    private static async Task<JsonObject> BenchAsync(WebApplication gateway, WebApplication mock, IReadOnlyList<QuestionItem> items,
        QuestionSet labels, Dictionary<string, BaselineResult> baselines, World world, string outDir, int concurrency, string invocation, CancellationToken ct,
        Func<string, string, double>? scorer)
    {
        var summary = await BenchRunner.RunAndReportAsync(new Uri(gateway.Urls.First()), new Uri(new Uri(mock.Urls.First()), "/v1/evaluate"),
            items, labels, world, baselines, concurrency, invocation, outDir, ct, scorer);
        AnsiConsole.MarkupLine($"   mean score [bold]{summary["accuracy"]}[/], mean latency [bold]{summary["mean_latency_ms"]}[/] ms");
        return summary;
    }

    private static string Fmt(JsonNode? node, string format = "F4") => node!.GetValue<double>().ToString(format, CultureInfo.InvariantCulture);
}
