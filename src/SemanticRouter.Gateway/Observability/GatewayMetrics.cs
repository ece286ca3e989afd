using System.Diagnostics.Metrics;
using SemanticRouter.Gateway.Catalog;

namespace SemanticRouter.Gateway.Observability;

/// <summary>
/// Every number <c>/metrics</c> and the dashboard show, as System.Diagnostics.Metrics instruments on a meter from
/// this gateway's <see cref="IMeterFactory"/> (so two gateways in one process keep their own figures). Counter
/// names carry no <c>_total</c>: the exposition adds it, as OpenTelemetry's Prometheus exporter does. Figures kept by
/// the parts after the request path are read from <see cref="IGatewayStatus"/> when observed (zero without one).
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "SemanticRouter.Gateway";

    private static readonly double[] SecondsBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _responseTime;
    private readonly Histogram<double> _ttft;
    private readonly Histogram<double> _decision;
    private readonly Counter<long> _upstreamErrors;
    private readonly Counter<long> _evaluateErrors;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _shadowCalls;
    private readonly ScoreWindow _scores;
    private readonly Counter<long> _rollbacks;
    private readonly Counter<long> _judgeCalls;
    private readonly Counter<long> _baselineOutcomes;
    private readonly Counter<double> _baselineScores;
    private readonly Counter<double> _latencySaved;
    private readonly Counter<double> _costSaved;
    private readonly BaselineHours _hours;

    public GatewayMetrics(IMeterFactory factory, IGatewayStatus? status = null, TimeProvider? time = null)
    {
        var meter = factory.Create(MeterName);
        _scores = new ScoreWindow(TimeSpan.FromMinutes(15), time ?? TimeProvider.System);
        _hours = new BaselineHours(time ?? TimeProvider.System);
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets };
        _requests = meter.CreateCounter<long>("semantic_router_requests", description: "Client requests answered, by model, mode and HTTP status");
        _responseTime = meter.CreateHistogram("semantic_router_response_time_seconds", "s", "Time from request to the last byte of the answer", advice: advice);
        _ttft = meter.CreateHistogram("semantic_router_time_to_first_token_seconds", "s", "Time from request to the first streamed byte", advice: advice);
        _decision = meter.CreateHistogram("semantic_router_routing_decision_seconds", "s", "Time the router took to choose a model", advice: advice);
        _upstreamErrors = meter.CreateCounter<long>("semantic_router_upstream_errors", description: "Failed upstream attempts, by model and kind");
        _evaluateErrors = meter.CreateCounter<long>("semantic_router_evaluate_errors", description: "Scorings that failed, by code (connect, timeout, status_NNN, unreadable)");
        _tokens = meter.CreateCounter<long>("semantic_router_tokens", description: "Tokens used, by model and kind (prompt, completion)");
        _cost = meter.CreateCounter<double>("semantic_router_cost", description: "Cost of answers at the configured prices, by model");
        _rollbacks = meter.CreateCounter<long>("semantic_router_classifier_rollbacks", description: "Promoted classifiers rolled back because their live scores dropped, by version");
        _judgeCalls = meter.CreateCounter<long>("semantic_router_judge_calls", description: "LLM-judge calls, by judge model and outcome (scored, failed)");
        _baselineOutcomes = meter.CreateCounter<long>("semantic_router_baseline_outcomes",
            description: "Scored shadow pairs: the routed answer against the baseline's, by routed model and outcome (win, tie, loss)");
        _baselineScores = meter.CreateCounter<double>("semantic_router_baseline_score",
            description: "Sum of the scores of scored shadow pairs, by routed model and side (routed, baseline): their ratio is live quality against the baseline");
        _latencySaved = meter.CreateCounter<double>("semantic_router_baseline_latency_saved_seconds", "s",
            "Baseline latency minus routed latency over scored shadow pairs, by routed model");
        _costSaved = meter.CreateCounter<double>("semantic_router_baseline_cost_saved",
            description: "Baseline cost minus routed cost over scored shadow pairs, by routed model");
        meter.CreateObservableGauge("semantic_router_drift_alarm", () => (status?.Drift ?? []).Select(d =>
                new Measurement<int>(d.Alarmed ? 1 : 0, new KeyValuePair<string, object?>("model", d.Model))),
            description: "1 while a model's recent scores have fallen below its own history by more than Retrain:DriftDrop (each new alarm retrains), by model");
        meter.CreateObservableCounter("semantic_router_drift_alarms", () => status?.DriftAlarmsRaised ?? 0,
            description: "Drift alarms raised since start");
        meter.CreateObservableGauge("semantic_router_accuracy_score", _scores.Means,
            description: "Mean evaluate score by model over the last 15 minutes (refusals left out: they are counted apart)");
        _refusals = meter.CreateCounter<long>("semantic_router_evaluate_refusals", description: "Answers the evaluator refused to score (its -1), by model");
        _shadowCalls = meter.CreateCounter<long>("semantic_router_shadow_calls",
            description: "Baseline calls the gateway made on its own behind routed requests, by model and outcome (ok, error)");
        meter.CreateObservableCounter("semantic_router_shadow_dropped", () => status?.ShadowDropped ?? 0,
            description: "Background work dropped because the shadow queue was full");
        meter.CreateObservableCounter("semantic_router_flywheel_rows", () => status?.FlywheelRowsWritten ?? 0,
            description: "Flywheel rows written to Parquet by this process");
        meter.CreateObservableCounter("semantic_router_flywheel_rows_lost", () => status?.FlywheelRowsLost ?? 0,
            description: "Flywheel rows the journal refused (the data directory's disk full or gone): not recorded");
        meter.CreateObservableGauge("semantic_router_classifier_info", () => ClassifierInfo(status),
            description: "The classifier in service (value 1, version label)");
    }

    public void Request(string model, string mode, int status) =>
        _requests.Add(1, new("model", model), new("mode", mode), new("status", StatusLabel(status)));

    public void ResponseTime(string model, double seconds) => _responseTime.Record(seconds, new KeyValuePair<string, object?>("model", model));

    public void TimeToFirstToken(string model, double seconds) => _ttft.Record(seconds, new KeyValuePair<string, object?>("model", model));

    public void RoutingDecision(double seconds) => _decision.Record(seconds);

    /// <summary>An answer the gateway made itself (a refused or failed request: 400, 401, 413, 429, 500…), not a model's.</summary>
    public void GatewayError(int status) => Request("none", "gateway", status);

    public void EvaluateError(string code) => _evaluateErrors.Add(1, new KeyValuePair<string, object?>("code", code));

    public void UpstreamError(string model, string kind) => _upstreamErrors.Add(1, new("model", model), new("kind", kind));

    /// <summary>The tokens an answer used and their cost at the model's price.</summary>
    public void Usage(CatalogModel model, int? promptTokens, int? completionTokens)
    {
        if (promptTokens is { } p) _tokens.Add(p, new("model", model.Name), new("kind", "prompt"));
        if (completionTokens is { } c) _tokens.Add(c, new("model", model.Name), new("kind", "completion"));
        if (model.Cost(promptTokens, completionTokens) is > 0 and var cost) _cost.Add(cost, new KeyValuePair<string, object?>("model", model.Name));
    }

    /// <summary>An evaluate score; the evaluator's -1 (it refused to judge) is a refusal, not a score of -1.</summary>
    public void Score(string model, double score)
    {
        if (score < 0) _refusals.Add(1, new KeyValuePair<string, object?>("model", model));
        else _scores.Add(model, score);
    }

    public void ShadowCall(string model, bool succeeded) => _shadowCalls.Add(1, new("model", model), new("outcome", succeeded ? "ok" : "error"));

    public void JudgeCall(string model, string outcome) => _judgeCalls.Add(1, new("model", model), new("outcome", outcome));

    /// <summary>A judged shadow pair: the routed answer's outcome against the baseline's (win, tie, loss), and what routing saved.</summary>
    public void BaselineOutcome(string model, string outcome, double latencySavedSeconds, double costSaved)
    {
        var byModel = new KeyValuePair<string, object?>("model", model);
        _baselineOutcomes.Add(1, byModel, new("outcome", outcome));
        _latencySaved.Add(latencySavedSeconds, byModel);
        _costSaved.Add(costSaved, byModel);
        _hours.Outcome(model, outcome, latencySavedSeconds, costSaved);
    }

    /// <summary>A shadow pair with both answers scored: their scores, whose sums' ratio is live quality against the baseline.</summary>
    public void BaselineScores(string model, double routedScore, double baselineScore)
    {
        var byModel = new KeyValuePair<string, object?>("model", model);
        _baselineScores.Add(routedScore, byModel, new("side", "routed"));
        _baselineScores.Add(baselineScore, byModel, new("side", "baseline"));
        _hours.Scores(model, routedScore, baselineScore);
    }

    /// <summary>The shadow pairs per routed model and hour over the last day, for the dashboard.</summary>
    public IReadOnlyList<BaselineHours.Row> BaselineByHour() => _hours.Rows();

    public void Rollback(string version) => _rollbacks.Add(1, new KeyValuePair<string, object?>("version", version));

    private static IEnumerable<Measurement<int>> ClassifierInfo(IGatewayStatus? status)
    {
        var version = status?.ClassifierVersion;
        return version is null ? [] : [new Measurement<int>(1, new KeyValuePair<string, object?>("version", version))];
    }

    // Status codes are few; caching their text keeps the hot path free of int formatting.
    private static readonly string[] StatusText = Enumerable.Range(0, 600).Select(i => i.ToString()).ToArray();

    private static string StatusLabel(int status) => (uint)status < StatusText.Length ? StatusText[status] : status.ToString();
}
