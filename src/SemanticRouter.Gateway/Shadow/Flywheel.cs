using System.Diagnostics;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Evaluation;
using SemanticRouter.Gateway.Forwarding;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Protocols;
using SemanticRouter.Gateway.Registry;

namespace SemanticRouter.Gateway.Shadow;

/// <summary>
/// Turns every answer the gateway sees into a recorded, scored example. After a client has its answer it is
/// recorded and its scoring (and, for routed requests, the baseline call) is queued as background work; which
/// answers are scored and shadowed is decided here, how they are kept by the <see cref="IAnswerRecorder"/>.
/// </summary>
internal sealed class Flywheel(IAnswerRecorder recorder, IAnswerJudge evaluator, ModelCatalog catalog, Forwarder forwarder,
    GatewayMetrics metrics, IOptions<ShadowOptions> options, TimeProvider time, ChampionWatch? champion = null, BaselinePairs? pairs = null,
    IScoreWatch? scores = null, LlmJudge? llm = null)
{
    private readonly ShadowOptions _options = options.Value;
    private readonly ScoreBudget _explicitScores = new(options.Value.MaxExplicitScoresPerSecond, time);

    /// <summary>
    /// Records answers clients have received (the intake hands them over a batch at a time): reads their usage,
    /// records them with one journal write, then queues their scoring and, for routed requests, the baseline call.
    /// </summary>
    public async Task OnAnsweredAsync(IReadOnlyList<Exchange> batch, ShadowQueue queue)
    {
        var answers = new RecordedAnswer[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var (exchange, model, answer) = (batch[i], batch[i].Model!, batch[i].Answer!);
            var parsed = exchange.Parsed ??= answer.Read(model.Protocol); // kept: the access log reads the tokens
            metrics.Usage(model, parsed.PromptTokens, parsed.CompletionTokens);
            var score = (exchange.Decision is not null
                         || (Random.Shared.NextDouble() < _options.ExplicitScoreRate && _explicitScores.TryTake()))
                        && answer.Succeeded && evaluator.Enabled && evaluator.Sample();
            answers[i] = new RecordedAnswer(exchange, exchange.Mode, model, answer, parsed, model.Name)
            {
                AwaitingScore = score && evaluator.Enabled && answer.Succeeded,
            };
        }
        if (!await recorder.RecordAsync(answers)) return;

        foreach (var answer in answers)
        {
            var exchange = answer.Exchange;
            if (answer.AwaitingScore && !queue.TryEnqueue(new ScoreWork(answer, exchange.Trace))) await recorder.SetScoreAsync(answer, null);
            if (exchange.Decision is not null && catalog.TryGet(_options.BaselineModel, out var baseline) && baseline.Name != answer.Model.Name
                && Random.Shared.NextDouble() < _options.SampleRate)
                queue.TryEnqueue(new BaselineWork(exchange, baseline));
        }
    }

    /// <summary>Records an attempt that got no answer (upstream unreachable or too slow): status and error, no score.</summary>
    public Task OnFailedAsync(Exchange exchange, CatalogModel model, int status, string error) =>
        recorder.RecordAsync([new RecordedAnswer(exchange, exchange.Mode, model, new UpstreamAnswer(status, default, false, false, 0, null, error),
            ParsedAnswer.Empty, model.Name)]);

    /// <summary>The background handler the <see cref="ShadowQueue"/> workers run.</summary>
    public async Task HandleAsync(ShadowWork work, CancellationToken ct)
    {
        switch (work)
        {
            case ScoreWork score:
                var value = await ScoreAsync(score.Answer, score.Trace, ct);
                await recorder.SetScoreAsync(score.Answer, value);
                // A routed answer's live score is what a newly promoted classifier is watched on.
                if (value is >= 0 and var s && score.Answer.Mode == "routed" && score.Answer.Exchange.Decision is { } decision)
                {
                    champion?.Observe(decision.RouterVersion, s);
                    pairs?.Add(score.Answer, s);
                }
                break;
            case BaselineWork baseline:
                await ShadowAsync(baseline, ct);
                break;
        }
    }

    private async Task ShadowAsync(BaselineWork work, CancellationToken ct)
    {
        using var span = GatewayTracing.Source.StartActivity("shadow", ActivityKind.Internal, work.Trace);
        var (exchange, baseline) = (work.Exchange, work.Baseline);
        var body = exchange.TranslatorTo(baseline).WholeAnswerBody(exchange.Body, exchange.Request, baseline.UpstreamModel);
        var answer = await forwarder.CompleteAsync(baseline, body, ct);
        metrics.ShadowCall(baseline.Name, answer.Succeeded);
        var scoring = evaluator.Enabled && answer.Succeeded && evaluator.Sample();
        var parsed = answer.Read(baseline.Protocol);
        var verdict = await CompareAsync(exchange, baseline, answer, parsed, ct);
        var recorded = new RecordedAnswer(exchange, "shadow", baseline, answer, parsed, exchange.Model!.Name)
        {
            AwaitingScore = scoring,
            Verdict = verdict,
        };
        if (!await recorder.RecordAsync([recorded])) return;
        if (!scoring) return;
        var score = await ScoreAsync(recorded, span?.Context ?? work.Trace, ct);
        await recorder.SetScoreAsync(recorded, score);
        if (score is >= 0 and var s) pairs?.Add(recorded, s);
    }

    /// <summary>
    /// In pairwise judge mode, the routed answer against the baseline's by the judge model (sampled like its scores);
    /// the verdict counts as the pair's win, tie or loss with what routing saved.
    /// </summary>
    private async Task<string?> CompareAsync(Exchange exchange, CatalogModel baseline, UpstreamAnswer answer, ParsedAnswer parsed, CancellationToken ct)
    {
        if (llm is not { Pairwise: true } || !answer.Succeeded || exchange is not { Model: { } routed, Answer.Succeeded: true, Parsed: { } routedAnswer }
            || !llm.Sample())
            return null;
        using var span = GatewayTracing.Source.StartActivity("compare", ActivityKind.Client);
        var verdict = await llm.CompareAsync(exchange.Request.Question, routedAnswer.Text, parsed.Text, ct);
        if (verdict is not null)
            pairs?.AddVerdict(routed.Name, verdict, (answer.LatencyMs - exchange.Answer.LatencyMs) / 1000,
                baseline.Cost(parsed.PromptTokens, parsed.CompletionTokens) - routed.Cost(routedAnswer.PromptTokens, routedAnswer.CompletionTokens));
        return verdict;
    }

    /// <summary>Scores an answer now (training mode scores while the client waits).</summary>
    public async Task<double?> ScoreNowAsync(string model, string question, ParsedAnswer answer, CancellationToken ct)
    {
        var score = await evaluator.ScoreAsync(question, answer.Text, ct);
        if (score is not { } s) return score;
        metrics.Score(model, s);
        if (s >= 0) scores?.Observe(model, s);
        return score;
    }

    private async Task<double?> ScoreAsync(RecordedAnswer answer, ActivityContext trace, CancellationToken ct)
    {
        using var span = GatewayTracing.Source.StartActivity("evaluate", ActivityKind.Client, trace);
        return await ScoreNowAsync(answer.Model.Name, answer.Exchange.Request.Question, answer.Parsed, ct);
    }
}
