using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Evaluation;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Shadow;

namespace SemanticRouter.Gateway.Tests.Shadow;

/// <summary>What the flywheel keeps of the answers clients got, and what background work it queues for them.</summary>
public sealed class FlywheelTests
{
    private static readonly CatalogModel Math7b = TestParts.Model("qwen-math-7b");
    private static readonly CatalogModel Max = TestParts.Model("qwen-max");
    private static readonly UpstreamAnswer Answered = new(200, Encoding.UTF8.GetBytes("""{"choices":[{"message":{"content":"4"}}]}"""), false, false, 50, null, null);

    private static Exchange Served(string model, RouteDecision? decision)
    {
        var exchange = TestParts.Exchange($$"""{"model":"{{model}}","messages":[{"role":"user","content":"2+2?"}]}""", $"request-{model}");
        (exchange.Decision, exchange.Model, exchange.Answer) = (decision, decision?.Model ?? Max, Answered);
        return exchange;
    }

    [Fact]
    public async Task A_routed_answer_awaits_its_score_and_gets_a_baseline_call_an_explicit_one_is_scored_at_its_rate()
    {
        var options = Options.Create(new ShadowOptions { ExplicitScoreRate = 0, BaselineModel = "qwen-max", SampleRate = 1 });
        var catalog = new ModelCatalog();
        catalog.Replace([Math7b, Max]);
        var metrics = TestParts.Metrics();
        var forwarder = TestParts.Forwarder(null, metrics);
        using var evaluator = new EvaluateClient(new Uri("http://evaluate.test/v1/evaluate"), NullLogger<EvaluateClient>.Instance);
        var recorder = new Recorder();
        var flywheel = new Flywheel(recorder, evaluator, catalog, forwarder, metrics, options, TimeProvider.System);
        var queued = new List<ShadowWork>();
        var queue = new ShadowQueue(options, (work, _) => { lock (queued) queued.Add(work); return Task.CompletedTask; }, NullLogger<ShadowQueue>.Instance);
        await queue.StartAsync(default);
        var routed = Served("auto", new RouteDecision(Math7b, "router-v1"));
        var named = Served("qwen-max", null);

        await flywheel.OnAnsweredAsync([routed, named], queue);
        await queue.StopAsync(default);

        Assert.Equal([("routed", "qwen-math-7b", true), ("explicit", "qwen-max", false)],
            recorder.Recorded.Select(a => (a.Mode, a.Model.Name, a.AwaitingScore)));
        Assert.All(recorder.Recorded, a => Assert.Equal("4", a.Parsed.Text));
        Assert.Equal(2, queued.Count);
        Assert.Same(routed, Assert.IsType<ScoreWork>(queued.Single(w => w is ScoreWork)).Answer.Exchange);
        var baseline = Assert.IsType<BaselineWork>(queued.Single(w => w is BaselineWork));
        Assert.Equal((routed, Max), (baseline.Exchange, baseline.Baseline));
    }

    private sealed class Recorder : IAnswerRecorder
    {
        public List<RecordedAnswer> Recorded { get; } = [];

        public Task<bool> RecordAsync(IReadOnlyList<RecordedAnswer> answers)
        {
            Recorded.AddRange(answers);
            return Task.FromResult(true);
        }

        public Task SetScoreAsync(RecordedAnswer answer, double? score) => Task.CompletedTask;

        public Task<bool> RecordFeedbackAsync(RatedAnswer answer, double score, string? comment) => Task.FromResult(true);
    }
}
