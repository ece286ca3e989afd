using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Protocols;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// The chat endpoints (<c>POST /v1/chat/completions</c>, <c>/v1/responses</c>, <c>/v1/messages</c>), one protocol
/// each: reads and checks the request in its protocol, opens the exchange (request id, training mode, the key that
/// pays) and hands it to the stages after Ingress, which answer in the same protocol.
/// </summary>
internal sealed class ChatCompletions(IOptions<IngressOptions> options, ChatPipeline pipeline)
{
    private readonly long _maxBodyBytes = options.Value.MaxRequestBodyBytes;
    private readonly RequestLimits _limits = options.Value.RequestLimits();

    public Task HandleAsync(HttpContext context) => HandleAsync(context, ChatProtocols.OpenAiChat);

    public async Task HandleAsync(HttpContext context, IChatProtocol protocol)
    {
        using var span = GatewayTracing.Source.StartActivity(SpanName(protocol));
        span?.SetTag("semantic_router.protocol", protocol.Name);
        // The id comes first, so an answer and an error alike carry it.
        var requestId = RequestId.Next();
        context.Response.Headers[GatewayHeaders.RequestId] = requestId;
        var body = await RequestBody.ReadAsync(context.Request, _maxBodyBytes, context.RequestAborted);
        var request = protocol.ParseRequest(body, _limits);
        var training = TrainingHeader.Requested(context.Request);
        // Training mode fans a request out to every model: with keys configured, only keys allowed it may ask.
        if (training && context.Features.Get<ClientKeys.Entry>() is { TrainingMode: false })
            throw new GatewayException(403, "This key may not ask for training mode (X-Training-Mode).", "permission_error", "training_mode_not_allowed");
        span?.SetTag("semantic_router.request_id", requestId);
        var exchange = new Exchange(requestId, protocol, body, request)
        {
            Trace = span?.Context ?? default,
            TrainingRequested = training,
            Charge = ClientKeyMiddleware.Charge(context),
            ClientKey = context.Features.Get<ClientKeys.Entry>()?.Name,
        };
        context.Features.Set(exchange); // the access log reads its id, model and tokens after the response
        await pipeline.InvokeAsync(context, exchange);
    }

    private static string SpanName(IChatProtocol protocol) =>
        protocol == ChatProtocols.OpenAiChat ? "chat.completions" : protocol == ChatProtocols.OpenAiResponses ? "responses" : "messages";
}
