using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Evaluation;
using SemanticRouter.Gateway.Forwarding;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Protocols;
using SemanticRouter.Recording;

namespace SemanticRouter.Gateway.Shadow;

/// <summary>
/// Turns every answer the gateway sees into a recorded, scored example. After a client has its answer the row
/// is journaled and the scoring (and, for routed requests, the baseline call) is queued as background work.
/// A journal that cannot be written (the data directory's disk full or gone) costs the rows it refused, logged
/// and counted (<see cref="FlywheelRecorder.RowsLost"/>), never a client's request.
/// </summary>
public sealed partial class Flywheel(FlywheelRecorder recorder, EvaluateClient evaluator, ModelCatalog catalog, Forwarder forwarder,
    GatewayMetrics metrics, IOptions<ShadowOptions> options, TimeProvider time, ILogger<Flywheel> logger)
{
    private readonly ShadowOptions _options = options.Value;
    private readonly ScoreBudget _explicitScores = new(options.Value.MaxExplicitScoresPerSecond, time);
    private readonly LogThrottle _journalLog = new(TimeSpan.FromSeconds(10));

    public bool CanScore => evaluator.Enabled;

    /// <summary>
    /// Records answers clients have received (the intake hands them over a batch at a time): reads their usage,
    /// journals their rows with one write, then queues their scoring and, for routed requests, the baseline call.
    /// </summary>
    public async Task OnAnsweredAsync(IReadOnlyList<Answered> batch, ShadowQueue queue)
    {
        var rows = new List<(FlywheelRow Row, bool AwaitingScore)>(batch.Count);
        foreach (var a in batch)
        {
            var parsed = a.Parsed ?? a.Answer.Read(a.Model.Protocol);
            metrics.Usage(a.Model, parsed.PromptTokens, parsed.CompletionTokens);
            var score = a.Exchange.Decision is not null
                        || (Random.Shared.NextDouble() < _options.ExplicitScoreRate && _explicitScores.TryTake());
            rows.Add((Row(a.Exchange, a.Exchange.Mode, a.Model, a.Answer, parsed, a.Model.Name, score: null),
                score && evaluator.Enabled && a.Answer.Succeeded));
        }
        if (!await TryRecordAsync(rows)) return;

        for (var i = 0; i < batch.Count; i++)
        {
            var (a, (row, awaitScore)) = (batch[i], rows[i]);
            if (awaitScore && !queue.TryEnqueue(new ScoreWork(row, a.Trace))) await TrySetScoreAsync(row.Key, null);
            if (a.Exchange.Decision is not null && catalog.TryGet(_options.BaselineModel, out var baseline) && baseline.Name != a.Model.Name
                && Random.Shared.NextDouble() < _options.SampleRate)
                queue.TryEnqueue(new BaselineWork(a.Exchange, baseline, a.Model.Name, a.Trace));
        }
    }

    /// <summary>Records an attempt that got no answer (upstream unreachable or too slow): status and error, no score.</summary>
    public Task OnFailedAsync(Exchange exchange, CatalogModel model, int status, string error) =>
        RecordAsync(Row(exchange, exchange.Mode, model, new UpstreamAnswer(status, default, false, false, 0, null, error),
            ParsedAnswer.Empty, model.Name, score: null));

    /// <summary>The background handler the <see cref="ShadowQueue"/> workers run.</summary>
    public async Task HandleAsync(ShadowWork work, CancellationToken ct)
    {
        switch (work)
        {
            case ScoreWork score:
                await TrySetScoreAsync(score.Row.Key, await ScoreAsync(score.Row, score.Trace, ct));
                break;
            case BaselineWork baseline:
                await ShadowAsync(baseline, ct);
                break;
        }
    }

    private async Task ShadowAsync(BaselineWork baseline, CancellationToken ct)
    {
        using var span = GatewayTracing.Source.StartActivity("shadow", ActivityKind.Internal, baseline.Trace);
        var exchange = baseline.Exchange;
        var body = ChatProtocols.Translator(exchange.Protocol, baseline.Baseline.Protocol).WholeAnswerBody(exchange.Body, exchange.Request, baseline.Baseline.UpstreamModel);
        var answer = await forwarder.CompleteAsync(baseline.Baseline, body, ct);
        var parsed = answer.Read(baseline.Baseline.Protocol);
        var row = Row(baseline.Exchange, "shadow", baseline.Baseline, answer, parsed, baseline.ChosenModel, score: null);
        var scoring = evaluator.Enabled && answer.Succeeded;
        if (!await TryRecordAsync([(row, scoring)])) return;
        if (scoring) await TrySetScoreAsync(row.Key, await ScoreAsync(row, span?.Context ?? baseline.Trace, ct));
    }

    /// <summary>Scores an answer now (training mode scores while the client waits).</summary>
    public async Task<double?> ScoreNowAsync(string model, string question, ParsedAnswer answer, CancellationToken ct)
    {
        var score = await evaluator.ScoreAsync(question, answer.Text, ct);
        if (score is { } s) metrics.Score(model, s);
        return score;
    }

    private async Task<double?> ScoreAsync(FlywheelRow row, ActivityContext trace, CancellationToken ct)
    {
        using var span = GatewayTracing.Source.StartActivity("evaluate", ActivityKind.Client, trace);
        var score = await evaluator.ScoreAsync(row.Question, row.Answer, ct);
        if (score is { } s) metrics.Score(row.Model, s);
        return score;
    }

    public Task RecordAsync(FlywheelRow row) => TryRecordAsync([(row, false)]);

    /// <summary>Journals rows; false when the journal refused them (logged; the recorder counts them lost).</summary>
    private async Task<bool> TryRecordAsync(IReadOnlyList<(FlywheelRow Row, bool AwaitingScore)> rows)
    {
        try
        {
            await recorder.AddAsync(rows);
            return true;
        }
        catch (Exception e) when (FlywheelRecorder.IsJournalFailure(e))
        {
            if (_journalLog.Pass()) LogNotJournaled(e, rows.Count, recorder.RowsLost);
            return false;
        }
    }

    /// <summary>Journals a score; when that fails the row stays held and goes to Parquet unscored after the wait.</summary>
    private async Task TrySetScoreAsync(string key, double? score)
    {
        try
        {
            await recorder.SetScoreAsync(key, score);
        }
        catch (Exception e) when (FlywheelRecorder.IsJournalFailure(e))
        {
            if (_journalLog.Pass()) LogScoreNotJournaled(e);
        }
    }

    public static FlywheelRow Row(Exchange exchange, string mode, CatalogModel model, UpstreamAnswer answer,
        ParsedAnswer parsed, string chosenModel, double? score) => new()
    {
        RequestId = exchange.RequestId,
        Ts = DateTimeOffset.UtcNow,
        Mode = mode,
        Question = exchange.Request.Question,
        Model = model.Name,
        Answer = parsed.Text,
        LatencyMs = answer.LatencyMs,
        TtftMs = answer.TtftMs,
        PromptTokens = parsed.PromptTokens,
        CompletionTokens = parsed.CompletionTokens,
        Cost = model.Cost(parsed.PromptTokens, parsed.CompletionTokens),
        Score = score,
        RouterVersion = exchange.RouterVersion,
        ChosenModel = chosenModel,
        MessagesSha256 = exchange.Request.MessagesSha256,
        Candidates = exchange.Decision?.Candidates,
        Status = answer.Status,
        Error = answer.Error ?? (answer.Truncated ? "answer longer than Gateway:MaxCapturedAnswerBytes" : null),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "The journal refused {Rows} rows; they are lost ({Total} since start; logged at most every 10 s, semantic_router_flywheel_rows_lost_total counts every one)")]
    private partial void LogNotJournaled(Exception e, int rows, long total);

    [LoggerMessage(Level = LogLevel.Error, Message = "The journal refused a score; its row goes to Parquet unscored (logged at most every 10 s)")]
    private partial void LogScoreNotJournaled(Exception e);
}
