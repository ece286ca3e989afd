using System.Globalization;
using Microsoft.AspNetCore.Http;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Forwarding;
using SemanticRouter.Gateway.Protocols;
using SemanticRouter.Gateway.Shadow;
using SemanticRouter.Recording;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// Training mode (header <c>X-Training-Mode: true</c>): the request goes to every catalog model at once, every
/// answer is scored and recorded, and the client gets the best-scoring answer (ties: the faster model), streamed
/// after scoring when it asked for a stream. A client key with a token budget is charged every model's tokens.
/// </summary>
internal static class TrainingMode
{
    public const string Header = "X-Training-Mode";

    public static bool Requested(HttpRequest request) =>
        request.Headers.TryGetValue(Header, out var value) && bool.TryParse(value, out var on) && on;

    public static async Task HandleAsync(HttpContext context, Exchange exchange, ModelCatalog catalog, Forwarder forwarder, Flywheel flywheel)
    {
        var ct = context.RequestAborted;
        var models = catalog.Models;
        if (models.Count == 0) throw GatewayException.NoModels();
        var results = await Task.WhenAll(models.Select(async model =>
        {
            var body = ChatProtocols.Translator(exchange.Protocol, model.Protocol).WholeAnswerBody(exchange.Body, exchange.Request, model.UpstreamModel);
            var answer = await forwarder.CompleteAsync(model, body, ct);
            var parsed = answer.Read(model.Protocol);
            var score = answer.Succeeded ? await flywheel.ScoreNowAsync(model.Name, exchange.Request.Question, parsed, ct) : null;
            return (Model: model, Answer: answer, Parsed: parsed, Score: score);
        }));

        var winner = results.Where(r => r.Answer.Succeeded)
            .OrderByDescending(r => r.Score ?? double.MinValue).ThenBy(r => r.Answer.LatencyMs)
            .Cast<(CatalogModel Model, UpstreamAnswer Answer, ParsedAnswer Parsed, double? Score)?>()
            .FirstOrDefault();
        foreach (var r in results)
            await flywheel.RecordAsync(Flywheel.Row(exchange, "training", r.Model, r.Answer, r.Parsed,
                winner?.Model.Name ?? "", r.Score));
        // The key pays for what it caused upstream: every model's answer, not only the one it gets back.
        if (ClientKeyMiddleware.Charge(context) is { } charge)
            foreach (var r in results) charge(r.Parsed);
        if (winner is not { } best)
            throw new GatewayException(502, "No model answered the training-mode request.", "upstream_error", "all_upstreams_failed");

        context.Response.Headers[GatewayHeaders.Model] = best.Model.Name;
        context.Response.Headers[GatewayHeaders.Scores] = string.Join(",",
            results.Select(r => $"{r.Model.Name}={(r.Score is { } s ? s.ToString("0.###", CultureInfo.InvariantCulture) : "null")}"));
        if (exchange.Request.Stream) await exchange.Protocol.WriteStreamAsync(context.Response, best.Model.Name, best.Parsed, exchange.Request.IncludeUsage, ct);
        else
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(best.Answer.Body, ct);
        }
    }
}
