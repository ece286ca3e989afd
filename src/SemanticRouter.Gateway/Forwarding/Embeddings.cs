using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Ingress;
using SemanticRouter.Gateway.Protocols.OpenAi;
using SemanticRouter.Gateway.Protocols.Translation;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// <c>POST /v1/embeddings</c>: forwarded as it came to the configured embedding model (<c>Gateway:EmbeddingModel</c>)
/// when the request says <c>auto</c> or no model, else to the model it names. A catalog model is reached in its provider
/// style (its chat endpoint's sibling <c>embeddings</c>); any other name goes to <c>Gateway:Upstream</c>. Nothing is routed or recorded.
/// </summary>
internal sealed class Embeddings(ModelCatalog catalog, UpstreamClients clients, IOptions<CatalogOptions> options, IOptions<IngressOptions> ingress)
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/embeddings", context => context.RequestServices.GetRequiredService<Embeddings>().HandleAsync(context));

    public async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var body = Translate.Root(await RequestBody.ReadAsync(context.Request, ingress.Value.MaxRequestBodyBytes, ct));
        var asked = body["model"] is { } m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : null;
        var name = asked is null or "auto"
            ? options.Value.EmbeddingModel ?? throw new GatewayException(404, "No embedding model is configured (Gateway:EmbeddingModel).", "invalid_request_error", "model_not_found")
            : asked;

        using var request = new HttpRequestMessage(HttpMethod.Post, Target(name, out var upstreamModel, out var model));
        body["model"] = upstreamModel;
        request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, TranslationJson.Options))
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
        };
        if (model is not null) model.Protocol.Authorize(request, model.ApiKey);
        else if (Environment.GetEnvironmentVariable(options.Value.UpstreamApiKeyEnv ?? "") is { Length: > 0 } key) request.Headers.Authorization = new("Bearer", key);

        var timeouts = model?.Timeouts ?? UpstreamTimeouts.From(options.Value);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(timeouts.Total);
        HttpResponseMessage response;
        try
        {
            response = await clients.For(request.RequestUri!, timeouts.Connect).SendAsync(request, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw GatewayException.UpstreamUnreachable(name, e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw GatewayException.UpstreamTimeout(name);
        }
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
            context.Response.Headers[GatewayHeaders.Model] = name;
            await response.Content.CopyToAsync(context.Response.Body, timeout.Token);
        }
    }

    /// <summary>Where the embedding request goes: a catalog model's embeddings endpoint, or the upstream's.</summary>
    private Uri Target(string name, out string upstreamModel, out CatalogModel? model)
    {
        if (catalog.TryGet(name, out var found))
        {
            if (found.Protocol is not OpenAiChatProtocol)
                throw new GatewayException(400, $"Model '{name}' speaks {found.Protocol.Name}, which has no embeddings endpoint.", "invalid_request_error", "unsupported_model");
            (upstreamModel, model) = (found.UpstreamModel, found);
            // The chat endpoint's sibling: .../v1/embeddings, or Azure's .../deployments/{name}/embeddings?api-version=...
            var builder = new UriBuilder(found.Endpoint);
            builder.Path = builder.Path[..^"chat/completions".Length] + "embeddings";
            return builder.Uri;
        }
        if (name != options.Value.EmbeddingModel || string.IsNullOrWhiteSpace(options.Value.Upstream)) throw GatewayException.ModelNotFound(name);
        (upstreamModel, model) = (name, null);
        return new Uri(CatalogModel.ServiceRoot(options.Value.Upstream), "v1/embeddings");
    }
}
