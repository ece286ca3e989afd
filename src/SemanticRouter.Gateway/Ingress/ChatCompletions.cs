using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Protocols;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// <c>POST /v1/chat/completions</c>: reads and checks the request in its protocol, opens the exchange (request id,
/// training mode, the key that pays) and hands it to the stages after Ingress.
/// </summary>
internal sealed class ChatCompletions(IOptions<IngressOptions> options, ChatPipeline pipeline)
{
    private readonly long _maxBodyBytes = options.Value.MaxRequestBodyBytes;
    private readonly RequestLimits _limits = options.Value.RequestLimits();

    /// <summary>What this endpoint speaks; another API's endpoint is another protocol.</summary>
    private readonly IChatProtocol _protocol = ChatProtocols.OpenAiChat;

    public async Task HandleAsync(HttpContext context)
    {
        using var span = GatewayTracing.Source.StartActivity("chat.completions");
        var body = await RequestBody.ReadAsync(context.Request, _maxBodyBytes, context.RequestAborted);
        var request = _protocol.ParseRequest(body, _limits);
        var requestId = RequestId.Next();
        context.Response.Headers[GatewayHeaders.RequestId] = requestId;
        span?.SetTag("semantic_router.request_id", requestId);
        await pipeline.InvokeAsync(context, new Exchange(requestId, _protocol, body, request)
        {
            Trace = span?.Context ?? default,
            TrainingRequested = TrainingHeader.Requested(context.Request),
            Charge = ClientKeyMiddleware.Charge(context),
            ClientKey = context.Features.Get<ClientKeys.Entry>()?.Name,
        });
    }
}
