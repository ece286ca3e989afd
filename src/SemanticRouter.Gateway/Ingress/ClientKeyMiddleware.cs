using Microsoft.AspNetCore.Http;
using SemanticRouter.Contracts;
using SemanticRouter.Gateway.Protocols;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// Guards <c>/v1/*</c> when client keys are configured: 401 without a known key, 429 with <c>Retry-After</c>
/// when the key's request or token budget is spent. The key's entry rides on the request so the tokens an
/// answer used can be debited once it is known.
/// </summary>
internal sealed class ClientKeyMiddleware(RequestDelegate next, ClientKeys keys)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!keys.Required || !context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }
        // Anthropic's SDKs send the key as x-api-key: it is the same client key.
        var authorization = context.Request.Headers.Authorization.Count > 0 || context.Request.Headers["x-api-key"] is not [{ } apiKey]
            ? (string?)context.Request.Headers.Authorization
            : "Bearer " + apiKey;
        if (keys.Find(authorization) is not { } key)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await OpenAiErrorMiddleware.WriteAsync(context, 401, new OpenAiError(
                "Incorrect or missing API key: send Authorization: Bearer <key> (or x-api-key: <key>).", "invalid_request_error", "invalid_api_key"));
            return;
        }
        if (!key.Limiter.TryAcquire(out var retryAfter))
        {
            OpenAiErrorMiddleware.SetRetryAfter(context.Response, retryAfter);
            await OpenAiErrorMiddleware.WriteAsync(context, 429, new OpenAiError(
                $"Rate limit reached for this key; try again in {retryAfter.TotalSeconds:0.#} s.", "rate_limit_exceeded", "rate_limit_exceeded"));
            return;
        }
        context.Features.Set(key);
        await next(context);
    }

    /// <summary>
    /// What charges an answer's tokens to the key that asked for it (null when keys are off). It holds the key's
    /// budget, not the request, so it may run after the request is over.
    /// </summary>
    public static Action<ParsedAnswer>? Charge(HttpContext context) =>
        context.Features.Get<ClientKeys.Entry>()?.Limiter is { LimitsTokens: true } limiter
            ? parsed => limiter.Debit((parsed.PromptTokens ?? 0) + (parsed.CompletionTokens ?? 0))
            : null;
}
