using SemanticRouter.Gateway.Catalog;

namespace SemanticRouter.Gateway.Tests.Catalog;

public sealed class CatalogModelTests
{
    [Theory]
    [InlineData("http://127.0.0.1:19000", "http://127.0.0.1:19000/v1/chat/completions")]
    [InlineData("http://127.0.0.1:19000/", "http://127.0.0.1:19000/v1/chat/completions")]
    [InlineData("http://127.0.0.1:19000/v1", "http://127.0.0.1:19000/v1/chat/completions")]
    [InlineData("https://example.test/openai/v1/", "https://example.test/openai/v1/chat/completions")]
    public void Base_urls_with_or_without_v1_reach_chat_completions(string baseUrl, string expected)
    {
        var model = new CatalogModel("m", CatalogModel.NormalizeBaseUrl(baseUrl), "m", null, null);
        Assert.Equal(expected, model.Endpoint.ToString());
    }

    [Fact]
    public void The_api_key_never_appears_in_the_text_form()
    {
        var model = new CatalogModel("m", new Uri("http://x/"), "m", "sk-secret-123", null);
        Assert.DoesNotContain("sk-secret-123", model.ToString());
    }

    [Fact]
    public void Catalog_replace_swaps_the_whole_snapshot()
    {
        var catalog = new ModelCatalog();
        catalog.Replace([new CatalogModel("a", new Uri("http://x/"), "a", null, null)]);
        catalog.Replace([new CatalogModel("b", new Uri("http://x/"), "b", null, null)]);
        Assert.False(catalog.TryGet("a", out _));
        Assert.True(catalog.TryGet("b", out var b));
        Assert.Equal("b", b.Name);
    }
}
