using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Forwarding;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Protocols;
using SemanticRouter.Gateway.Routing;
using SemanticRouter.Gateway.Shadow;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// <c>POST /v1/chat/completions</c>: reads and checks the request, routes it (or takes the model it names),
/// forwards it with fallbacks, and hands the answer to the flywheel once the client has it.
/// </summary>
internal sealed class ChatCompletions(IOptions<IngressOptions> options, IOptions<ShadowOptions> shadow, IOptions<ForwardingOptions> forwarding,
    GatewayMetrics metrics, ModelCatalog catalog, Forwarder forwarder, IModelRouter router, IServiceProvider services)
{
    private readonly IngressOptions _options = options.Value;
    private readonly RequestLimits _limits = options.Value.RequestLimits();
    private readonly ShadowOptions _shadow = shadow.Value;
    // Registered only while the flywheel is on.
    private readonly Flywheel? _flywheel = services.GetService<Flywheel>();
    private readonly FlywheelIntake? _intake = services.GetService<FlywheelIntake>();

    private static void WriteDecisionHeaders(IHeaderDictionary headers, RouteDecision decision)
    {
        headers[GatewayHeaders.Version] = decision.RouterVersion;
        headers[GatewayHeaders.DecisionMs] = decision.DecisionMs.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        if (decision.Candidates is not null) headers[GatewayHeaders.Candidates] = decision.Candidates;
    }

    public async Task HandleAsync(HttpContext context)
    {
        using var span = GatewayTracing.Source.StartActivity("chat.completions");
        var body = await RequestBody.ReadAsync(context.Request, _options.MaxRequestBodyBytes, context.RequestAborted);
        var protocol = ChatProtocols.OpenAiChat;
        var request = protocol.ParseRequest(body, _limits);
        var requestId = RequestId.Next();
        context.Response.Headers[GatewayHeaders.RequestId] = requestId;
        span?.SetTag("semantic_router.request_id", requestId);

        if (_flywheel is not null && (TrainingMode.Requested(context.Request) || _shadow.TrainingModeForAll))
        {
            await TrainingMode.HandleAsync(context, new Exchange(requestId, protocol, request, body, null), catalog, forwarder, _flywheel);
            metrics.Request(context.Response.Headers[GatewayHeaders.Model].ToString(), "training", context.Response.StatusCode);
            return;
        }

        RouteDecision? decision = null;
        IReadOnlyList<CatalogModel> attempts;
        if (request.IsRouted)
        {
            using (GatewayTracing.Source.StartActivity("route")) decision = router.Route(request);
            metrics.RoutingDecision(decision.DecisionMs / 1000.0);
            WriteDecisionHeaders(context.Response.Headers, decision);
            attempts = decision.Attempts(forwarding.Value.MaxFallbacks);
        }
        else if (catalog.TryGet(request.Model!, out var explicitModel)) attempts = [explicitModel];
        else throw GatewayException.ModelNotFound(request.Model!);

        var exchange = new Exchange(requestId, protocol, request, body, decision);
        var mode = exchange.Mode;
        for (var i = 0; ; i++)
        {
            var model = attempts[i];
            UpstreamAnswer answer;
            try
            {
                var forwarded = ChatProtocols.Translator(protocol, model.Protocol).RelayedBody(body, request, model.UpstreamModel);
                using var call = await forwarder.OpenAsync(model, forwarded, context.RequestAborted);
                context.Response.Headers[GatewayHeaders.Model] = model.Name;
                answer = await forwarder.RelayAsync(context, call, request, protocol);
            }
            catch (GatewayException failure) when (failure.IsUpstreamFailure && !context.RequestAborted.IsCancellationRequested)
            {
                metrics.Request(model.Name, mode, failure.Status);
                // The flywheel keeps the failed attempt too (no answer, no score); a routed request tries the next model.
                if (_flywheel is not null) await _flywheel.OnFailedAsync(exchange, model, failure.Status, failure.Message);
                if (i + 1 < attempts.Count) continue;
                throw;
            }

            metrics.Request(model.Name, mode, answer.Status);
            metrics.ResponseTime(model.Name, answer.LatencyMs / 1000.0);
            if (answer.TtftMs is { } ttft) metrics.TimeToFirstToken(model.Name, ttft / 1000.0);
            // A key with a token budget is charged before the handler returns, so its next request sees the charge.
            var charge = ClientKeyMiddleware.Charge(context);
            var parsed = _flywheel is null || charge is not null ? answer.Read(model.Protocol) : null;
            if (parsed is not null) charge?.Invoke(parsed);
            if (_flywheel is null)
            {
                metrics.Usage(model, parsed!.PromptTokens, parsed.CompletionTokens);
                return;
            }
            // The client has everything; reading usage, journaling and queueing the scoring happen off this request.
            await context.Response.CompleteAsync();
            await _intake!.PostAsync(new Answered(exchange, model, answer, parsed, span?.Context ?? default));
            return;
        }
    }
}
