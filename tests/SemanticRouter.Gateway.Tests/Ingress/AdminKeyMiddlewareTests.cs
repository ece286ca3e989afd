using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Ingress;

namespace SemanticRouter.Gateway.Tests.Ingress;

public sealed class AdminKeyMiddlewareTests
{
    // 192.0.2.0/24 is TEST-NET-1: an address no caller here has, standing for any caller beyond loopback.
    private static readonly IPAddress Remote = IPAddress.Parse("192.0.2.10");

    private static async Task<(int Status, bool Passed)> CallAsync(string path, IPAddress caller, string? adminKey = null, string? bearer = null,
        bool observability = false)
    {
        var passed = false;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [AdminKeyMiddleware.AdminKeyVariable] = adminKey }).Build();
        var middleware = new AdminKeyMiddleware(_ => { passed = true; return Task.CompletedTask; }, configuration,
            Options.Create(new AuthOptions { ObservabilityNeedsAdminKey = observability }));
        var context = TestContext.Create();
        context.Request.Method = "POST";
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = caller;
        if (bearer is not null) context.Request.Headers.Authorization = $"Bearer {bearer}";
        await middleware.InvokeAsync(context);
        return (context.Response.StatusCode, passed);
    }

    [Fact]
    public async Task Without_an_admin_key_the_admin_API_answers_only_loopback_callers()
    {
        Assert.Equal((200, true), await CallAsync("/admin/reload", IPAddress.Loopback));
        Assert.Equal((200, true), await CallAsync("/admin/reload", IPAddress.IPv6Loopback));
        var (status, passed) = await CallAsync("/admin/reload", Remote);
        Assert.False(passed);
        Assert.Equal(403, status);
        Assert.Equal((200, true), await CallAsync("/v1/models", Remote)); // client keys guard /v1, not this
    }

    [Fact]
    public async Task With_an_admin_key_a_remote_caller_with_it_is_let_in()
    {
        Assert.Equal((200, true), await CallAsync("/admin/reload", Remote, adminKey: "adm", bearer: "adm"));
        Assert.Equal((401, false), await CallAsync("/admin/reload", Remote, adminKey: "adm"));
    }

    [Fact]
    public async Task Metrics_and_dashboard_need_the_admin_key_only_when_configured_to()
    {
        Assert.Equal((200, true), await CallAsync("/metrics", Remote));
        Assert.Equal((403, false), await CallAsync("/metrics", Remote, observability: true));
        Assert.Equal((200, true), await CallAsync("/dashboard", IPAddress.Loopback, observability: true));
        Assert.Equal((401, false), await CallAsync("/dashboard/data.json", IPAddress.Loopback, adminKey: "adm", observability: true));
        Assert.Equal((200, true), await CallAsync("/metrics", Remote, adminKey: "adm", bearer: "adm", observability: true));
    }
}
