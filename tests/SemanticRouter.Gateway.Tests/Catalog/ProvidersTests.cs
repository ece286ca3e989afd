using SemanticRouter.Gateway.Catalog;

namespace SemanticRouter.Gateway.Tests.Catalog;

public sealed class ProvidersTests
{
    private static (string Endpoint, HttpRequestMessage Request) Call(string provider, string baseUrl, string? apiVersion = null)
    {
        var options = new ModelEndpointOptions { Name = "m", BaseUrl = baseUrl, UpstreamModel = "my-deployment", Provider = provider, ApiVersion = apiVersion };
        var model = new CatalogModel("m", CatalogModel.NormalizeBaseUrl(baseUrl), "my-deployment", "sk-upstream", null, Protocol: Providers.Protocol(options));
        var request = new HttpRequestMessage(HttpMethod.Post, model.Endpoint);
        model.Protocol.Authorize(request, model.ApiKey);
        return (model.Endpoint.ToString(), request);
    }

    [Fact]
    public void An_azure_model_puts_its_deployment_and_api_version_in_the_path_and_its_key_in_api_key()
    {
        var (endpoint, request) = Call("azure", "https://res.openai.azure.com", "2025-01-01-preview");
        Assert.Equal("https://res.openai.azure.com/openai/deployments/my-deployment/chat/completions?api-version=2025-01-01-preview", endpoint);
        Assert.Equal("sk-upstream", request.Headers.GetValues("api-key").Single());
        Assert.Null(request.Headers.Authorization);
    }

    [Fact]
    public void An_anthropic_model_is_called_at_v1_messages_with_x_api_key_and_anthropic_version()
    {
        var (endpoint, request) = Call("anthropic", "https://api.anthropic.com");
        Assert.Equal("https://api.anthropic.com/v1/messages", endpoint);
        Assert.Equal("sk-upstream", request.Headers.GetValues("x-api-key").Single());
        Assert.Equal("2023-06-01", request.Headers.GetValues("anthropic-version").Single());
    }

    [Theory]
    [InlineData("https://generativelanguage.googleapis.com/v1beta/openai/", "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions")]
    [InlineData("http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/v1/chat/completions")]
    [InlineData("http://127.0.0.1:8000", "http://127.0.0.1:8000/v1/chat/completions")]
    public void An_openai_compatible_model_keeps_any_base_path(string baseUrl, string expected)
    {
        var (endpoint, request) = Call("openai", baseUrl);
        Assert.Equal(expected, endpoint);
        Assert.Equal("Bearer sk-upstream", request.Headers.Authorization!.ToString());
    }
}
