using System.Text;
using System.Text.Json;
using SemanticRouter.Gateway.Ingress;

namespace SemanticRouter.Gateway.Tests.Ingress;

public sealed class RequestBodyTests
{
    [Fact]
    public void Rewrite_replaces_or_adds_the_model_and_keeps_everything_else()
    {
        var body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"你好"}],"model":"auto","temperature":0.2,"stream":true}""");
        using var rewritten = JsonDocument.Parse(RequestBody.Rewrite(body, "qwen-code-7b"));
        var root = rewritten.RootElement;
        Assert.Equal("qwen-code-7b", root.GetProperty("model").GetString());
        Assert.Equal("你好", root.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(0.2, root.GetProperty("temperature").GetDouble());
        Assert.True(root.GetProperty("stream").GetBoolean());
        Assert.Equal(4, root.EnumerateObject().Count());
    }
}
