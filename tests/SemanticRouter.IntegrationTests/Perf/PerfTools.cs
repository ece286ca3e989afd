using SemanticRouter.Benchmarks.Perf;

namespace SemanticRouter.IntegrationTests.Perf;

/// <summary>A fact that needs wrk; without it the test is skipped and says why.</summary>
public sealed class WrkFactAttribute : FactAttribute
{
    public WrkFactAttribute()
    {
        if (Wrk.Find() is null) Skip = "wrk is not installed (apt-get install wrk).";
    }
}

/// <summary>A fact that needs nginx.</summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (NginxProxy.Find() is null) Skip = "nginx is not installed (apt-get install nginx-light).";
    }
}

/// <summary>A fact that needs both: a real (tiny) <c>semrouter perf</c> run.</summary>
public sealed class PerfFactAttribute : FactAttribute
{
    public PerfFactAttribute()
    {
        if (Wrk.Find() is null || NginxProxy.Find() is null) Skip = "wrk and nginx are not both installed (apt-get install wrk nginx-light).";
    }
}
