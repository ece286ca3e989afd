using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SemanticRouter.Gateway.Observability;

namespace SemanticRouter.Gateway.Tests.Observability;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Counters_gauges_and_histograms_are_written_in_the_text_format()
    {
        using var gateway = new Meters();
        var metrics = gateway.Metrics;

        metrics.Request("m\"1\\\n", "routed", 200);
        metrics.Request("m\"1\\\n", "routed", 200);
        metrics.ResponseTime("a", 0.003);
        metrics.ResponseTime("a", 500); // above every bucket: only +Inf counts it
        metrics.Score("a", 0.5);
        metrics.Score("a", 1.0);
        var text = gateway.Text();

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
    public void Evaluator_refusals_are_counted_apart_and_never_pull_the_mean_score_below_zero()
    {
        using var gateway = new Meters();
        var metrics = gateway.Metrics;

        metrics.Score("a", 0.6);
        metrics.Score("a", -1);
        metrics.Score("a", -1);
        metrics.Score("b", -1);
        var text = gateway.Text();

        Assert.Contains("semantic_router_accuracy_score{model=\"a\"} 0.6\n", text);
        Assert.DoesNotContain("semantic_router_accuracy_score{model=\"b\"}", text);
        Assert.Contains("semantic_router_evaluate_refusals_total{model=\"a\"} 2\n", text);
        Assert.Contains("semantic_router_evaluate_refusals_total{model=\"b\"} 1\n", text);
    }

    [Fact]
    public void A_sum_of_prices_is_written_without_binary_float_noise()
    {
        using var gateway = new Meters();
        var metrics = gateway.Metrics;
        var model = new SemanticRouter.Gateway.Catalog.CatalogModel("m", new Uri("http://127.0.0.1:1"), "m", null, PricePer1kTokens: 0.002);

        metrics.Usage(model, 1, 0); // 0.000002
        metrics.Usage(model, 1200, 0); // 0.0024: the sum is 0.0024019999999999996 as a double
        var text = gateway.Text();

        Assert.Contains("semantic_router_cost_total{model=\"m\"} 0.002402\n", text);
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

    /// <summary>One gateway's metrics and the collector that reads them, as the gateway wires them.</summary>
    private sealed class Meters : IDisposable
    {
        private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        private readonly MetricsCollector _collector;

        public Meters()
        {
            var factory = _services.GetRequiredService<IMeterFactory>();
            Metrics = new GatewayMetrics(factory);
            _collector = new MetricsCollector(factory, Metrics);
        }

        public GatewayMetrics Metrics { get; }

        public string Text() => PrometheusText.Write(_collector.Collect());

        public void Dispose()
        {
            _collector.Dispose();
            _services.Dispose();
        }
    }
}
