using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Evaluation;
using SemanticRouter.Gateway.Forwarding;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Protocols;
using SemanticRouter.Gateway.Protocols.Translation;

namespace SemanticRouter.Gateway.Shadow;

/// <summary>
/// Training mode (header <c>X-Training-Mode: true</c>, or every request with <c>Shadow:TrainingModeForAll</c>), a
/// stage ahead of Route while the flywheel is on: the request goes to every catalog model at once, every answer is
/// scored and recorded, and the client gets the best-scoring answer (ties: the faster model), streamed after scoring
/// when it asked for a stream. A client key with a token budget is charged every model's tokens. Other requests go on.
/// </summary>
internal sealed class TrainingMode(ModelCatalog catalog, Forwarder forwarder, ConcurrencyCaps caps, Flywheel flywheel, IAnswerRecorder recorder,
    GatewayMetrics metrics, IOptions<ShadowOptions> options, IOptions<JudgeOptions>? judge = null) : IExchangeStage
{
    private readonly bool _forAll = options.Value.TrainingModeForAll;

    // The LLM judge scores the answers; it is not one of the models that answer.
    private readonly string? _judge = judge?.Value.Judge == "llm" ? judge.Value.JudgeModel : null;

    public Task InvokeAsync(HttpContext context, Exchange exchange, ExchangeDelegate next) =>
        exchange.TrainingRequested || _forAll ? FanOutAsync(context, exchange) : next(context, exchange);

    private async Task FanOutAsync(HttpContext context, Exchange exchange)
    {
        var ct = context.RequestAborted;
        var models = _judge is null ? catalog.Models : catalog.Models.Where(m => m.Name != _judge).ToList();
        if (models.Count == 0) throw GatewayException.NoModels();
        var results = await Task.WhenAll(models.Select(async model =>
        {
            var body = exchange.TranslatorTo(model).WholeAnswerBody(exchange.Body, exchange.Request, model.UpstreamModel);
            // Each model's answer in one of its slots: a hung model refuses the fan-out at once once it is at its cap.
            var answer = await caps.InSlotAsync(model, () => forwarder.CompleteAsync(model, body, ct), ct);
            var parsed = answer.Read(model.Protocol);
            var score = answer.Succeeded ? await flywheel.ScoreNowAsync(model.Name, exchange.Request.Question, parsed, ct) : null;
            return (Model: model, Answer: answer, Parsed: parsed, Score: score);
        }));

        var winner = results.Where(r => r.Answer.Succeeded)
            .OrderByDescending(r => r.Score ?? double.MinValue).ThenBy(r => r.Answer.LatencyMs)
            .Cast<(CatalogModel Model, UpstreamAnswer Answer, ParsedAnswer Parsed, double? Score)?>()
            .FirstOrDefault();
        await recorder.RecordAsync([.. results.Select(r =>
            new RecordedAnswer(exchange, "training", r.Model, r.Answer, r.Parsed, winner?.Model.Name ?? "") { Score = r.Score })]);
        // The key pays for what it caused upstream: every model's answer, not only the one it gets back.
        if (exchange.Charge is { } charge)
            foreach (var r in results) charge(r.Parsed);
        if (winner is not { } best)
            throw new GatewayException(502, "No model answered the training-mode request.", "upstream_error", "all_upstreams_failed");

        var response = context.Response;
        response.Headers[GatewayHeaders.Model] = best.Model.Name;
        response.Headers[GatewayHeaders.Scores] = string.Join(",",
            results.Select(r => $"{r.Model.Name}={(r.Score is { } s ? s.ToString("0.###", CultureInfo.InvariantCulture) : "null")}"));
        if (exchange.Request.Stream)
            await WholeAsStream.WriteAsync(exchange.Protocol, best.Model.Protocol, response, best.Model.Name, best.Answer.Body, best.Answer.Streamed, exchange.Request, ct);
        else await WholeAsync(response, exchange, best.Model, best.Answer, ct);
        metrics.Request(best.Model.Name, "training", response.StatusCode);
    }

    /// <summary>The winner's whole answer, in the client's protocol (as it came when the protocols are the same).</summary>
    private static async Task WholeAsync(HttpResponse response, Exchange exchange, CatalogModel model, UpstreamAnswer answer, CancellationToken ct)
    {
        response.ContentType = "application/json";
        if (exchange.TranslatorTo(model).Relay(exchange.Request, eventStream: false) is not { } relay)
        {
            await response.Body.WriteAsync(answer.Body, ct);
            return;
        }
        relay.Write(response.BodyWriter, answer.Body.Span);
        relay.Flush(response.BodyWriter);
        await response.BodyWriter.FlushAsync(ct);
    }
}
