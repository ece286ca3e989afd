using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Configuration;
using SemanticRouter.Gateway.Evaluation;
using SemanticRouter.Gateway.Forwarding;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Routing;
using SemanticRouter.Gateway.Shadow;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>The Ingress stage: the OpenAI-compatible API the applications call.</summary>
internal static class GatewayEndpoints
{
    public static void MapGatewayEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapPost("/chat/completions", ChatCompletionsAsync);
        v1.MapGet("/models", (ModelCatalog catalog) => Results.Json(
            new ModelList("list", [
                new ModelInfo("auto", "model", 0, "semantic-router"),
                .. catalog.Models.Select(m => new ModelInfo(m.Name, "model", 0, "semantic-router", m.PricePer1kTokens)),
            ]),
            ContractsJson.Context.ModelList));
        app.MapGet("/healthz", (ModelCatalog catalog) =>
            catalog.Models.Count > 0 ? Results.Text("ok") : Results.Text("no models in the catalog", statusCode: 503));
    }

    private static void WriteDecisionHeaders(IHeaderDictionary headers, RouteDecision decision)
    {
        headers[GatewayHeaders.Version] = decision.RouterVersion;
        headers[GatewayHeaders.DecisionMs] = decision.DecisionMs.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        if (decision.Candidates is not null) headers[GatewayHeaders.Candidates] = decision.Candidates;
    }

    private static async Task ChatCompletionsAsync(HttpContext context)
    {
        using var span = GatewayTracing.Source.StartActivity("chat.completions");
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var metrics = services.GetRequiredService<GatewayMetrics>();
        var body = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
        var request = ChatRequest.Parse(body, options.RequestLimits());
        var catalog = services.GetRequiredService<ModelCatalog>();
        var forwarder = services.GetRequiredService<Forwarder>();
        var flywheel = services.GetService<Flywheel>();
        var requestId = Guid.CreateVersion7().ToString("N");
        context.Response.Headers[GatewayHeaders.RequestId] = requestId;
        span?.SetTag("semantic_router.request_id", requestId);

        if (flywheel is not null && (TrainingMode.Requested(context.Request) || services.GetRequiredService<IOptions<ShadowOptions>>().Value.TrainingModeForAll))
        {
            await TrainingMode.HandleAsync(context, new Exchange(requestId, request, body, null), catalog, forwarder, flywheel);
            metrics.Request(context.Response.Headers[GatewayHeaders.Model].ToString(), "training", context.Response.StatusCode);
            return;
        }

        RouteDecision? decision = null;
        IReadOnlyList<CatalogModel> attempts;
        if (request.IsRouted)
        {
            using (GatewayTracing.Source.StartActivity("route")) decision = services.GetRequiredService<IModelRouter>().Route(request);
            metrics.RoutingDecision(decision.DecisionMs / 1000.0);
            WriteDecisionHeaders(context.Response.Headers, decision);
            attempts = decision.Attempts(services.GetRequiredService<IOptions<ResilienceOptions>>().Value.MaxFallbacks);
        }
        else if (catalog.TryGet(request.Model!, out var explicitModel)) attempts = [explicitModel];
        else throw GatewayException.ModelNotFound(request.Model!);

        var exchange = new Exchange(requestId, request, body, decision);
        var mode = exchange.Mode;
        // Usage for streams: ask the upstream for it always; the client sees the usage chunk only if it asked.
        var askUsage = request.Stream && !request.IncludeUsage;
        for (var i = 0; ; i++)
        {
            var model = attempts[i];
            UpstreamAnswer answer;
            try
            {
                var forwarded = request.Model == model.UpstreamModel && !askUsage
                    ? body : RequestBody.Rewrite(body, model.UpstreamModel, askUsage: askUsage);
                using var call = await forwarder.OpenAsync(model, forwarded, context.RequestAborted);
                context.Response.Headers[GatewayHeaders.Model] = model.Name;
                answer = await forwarder.RelayAsync(context, call, dropUsageChunk: askUsage);
            }
            catch (GatewayException failure) when (failure.IsUpstreamFailure && !context.RequestAborted.IsCancellationRequested)
            {
                metrics.Request(model.Name, mode, failure.Status);
                // The flywheel keeps the failed attempt too (no answer, no score); a routed request tries the next model.
                if (flywheel is not null) await flywheel.OnFailedAsync(exchange, model, failure.Status, failure.Message);
                if (i + 1 < attempts.Count) continue;
                throw;
            }

            metrics.Request(model.Name, mode, answer.Status);
            metrics.ResponseTime(model.Name, answer.LatencyMs / 1000.0);
            if (answer.TtftMs is { } ttft) metrics.TimeToFirstToken(model.Name, ttft / 1000.0);
            // A key with a token budget is charged before the handler returns, so its next request sees the charge.
            var charge = ClientKeyMiddleware.Charge(context);
            var parsed = flywheel is null || charge is not null ? ParsedAnswer.From(answer) : null;
            if (parsed is not null) charge?.Invoke(parsed);
            if (flywheel is null)
            {
                metrics.Usage(model, parsed!.PromptTokens, parsed.CompletionTokens);
                return;
            }
            // The client has everything; reading usage, journaling and queueing the scoring happen off this request.
            await context.Response.CompleteAsync();
            await services.GetRequiredService<FlywheelIntake>().PostAsync(new Answered(exchange, model, answer, parsed, span?.Context ?? default));
            return;
        }
    }
}
