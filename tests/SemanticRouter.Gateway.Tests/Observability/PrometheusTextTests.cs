using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SemanticRouter.Gateway.Observability;

namespace SemanticRouter.Gateway.Tests.Observability;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Counters_gauges_and_histograms_are_written_in_the_text_format()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var metrics = new GatewayMetrics(factory);
        using var collector = new MetricsCollector(factory, metrics);

        metrics.Request("m\"1\\\n", "routed", 200);
        metrics.Request("m\"1\\\n", "routed", 200);
        metrics.ResponseTime("a", 0.003);
        metrics.ResponseTime("a", 500); // above every bucket: only +Inf counts it
        metrics.Score("a", 0.5);
        metrics.Score("a", 1.0);
        var text = PrometheusText.Write(collector.Collect());

        Assert.Contains("# TYPE semantic_router_requests_total counter\n", text);
        Assert.Contains("semantic_router_requests_total{model=\"m\\\"1\\\\\\n\",mode=\"routed\",status=\"200\"} 2\n", text);
        Assert.Contains("# TYPE semantic_router_response_time_seconds histogram\n", text);
        Assert.Contains("semantic_router_response_time_seconds_bucket{model=\"a\",le=\"0.0025\"} 0\n", text);
        Assert.Contains("semantic_router_response_time_seconds_bucket{model=\"a\",le=\"0.005\"} 1\n", text);
        Assert.Contains("semantic_router_response_time_seconds_bucket{model=\"a\",le=\"120\"} 1\n", text);
        Assert.Contains("semantic_router_response_time_seconds_bucket{model=\"a\",le=\"+Inf\"} 2\n", text);
        Assert.Contains("semantic_router_response_time_seconds_sum{model=\"a\"} 500.003\n", text);
        Assert.Contains("semantic_router_response_time_seconds_count{model=\"a\"} 2\n", text);
        Assert.Contains("# TYPE semantic_router_accuracy_score gauge\nsemantic_router_accuracy_score{model=\"a\"} 0.75\n", text);
        Assert.Contains("semantic_router_shadow_dropped_total 0\n", text);
    }

    [Fact]
    public void Two_gateways_in_one_process_keep_their_own_figures()
    {
        using var one = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var two = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metricsOne = new GatewayMetrics(one.GetRequiredService<IMeterFactory>());
        var metricsTwo = new GatewayMetrics(two.GetRequiredService<IMeterFactory>());
        using var collectorOne = new MetricsCollector(one.GetRequiredService<IMeterFactory>(), metricsOne);
        using var collectorTwo = new MetricsCollector(two.GetRequiredService<IMeterFactory>(), metricsTwo);

        metricsOne.Request("x", "explicit", 200);

        Assert.Contains("semantic_router_requests_total{model=\"x\"", PrometheusText.Write(collectorOne.Collect()));
        Assert.DoesNotContain("semantic_router_requests_total{", PrometheusText.Write(collectorTwo.Collect()));
    }
}
