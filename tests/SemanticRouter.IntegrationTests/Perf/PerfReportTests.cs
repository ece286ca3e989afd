using SemanticRouter.Benchmarks.Perf;

namespace SemanticRouter.IntegrationTests.Perf;

public sealed class PerfReportTests
{
    private static PerfCell Cell(string target, string kind, int connections, double p50, double p99, double rps, double? ttfb99 = null) =>
        new(target, kind, kind.StartsWith("routed", StringComparison.Ordinal), kind.EndsWith("-stream", StringComparison.Ordinal), connections,
            "wrk", "per request", 1000, 10, rps, p50, p99, p99 * 2, ttfb99 is null ? null : p50 / 2, ttfb99, null, null, 0, null);

    private static readonly PerfCell[] Cells =
    [
        Cell("direct", "explicit", 1, 100, 200, 9000), Cell("nginx", "explicit", 1, 130, 260, 7000), Cell("gateway", "explicit", 1, 300, 450, 3000),
        Cell("direct", "routed", 1, 100, 200, 9000), Cell("gateway", "routed", 1, 1100, 3200, 900),
        Cell("direct", "explicit-stream", 1, 100, 200, 9000, ttfb99: 150), Cell("gateway", "explicit-stream", 1, 300, 400, 3000, ttfb99: 260),
        Cell("direct", "explicit", 32, 1000, 4000, 20000), Cell("nginx", "explicit", 32, 2000, 5000, 10000), Cell("gateway", "explicit", 32, 4000, 9000, 7000),
    ];

    [Fact]
    public void Added_latency_is_the_difference_from_direct_at_the_same_kind_and_connections()
    {
        var cells = PerfReport.WithAdded(Cells);

        var gateway = cells.Single(c => c is { Target: "gateway", Kind: "explicit", Connections: 1 });
        Assert.Equal((200.0, 250.0), (gateway.AddedP50Us, gateway.AddedP99Us));
        Assert.Null(gateway.AddedTtfbP99Us);
        Assert.Equal(110, cells.Single(c => c is { Target: "gateway", Kind: "explicit-stream" }).AddedTtfbP99Us);
        Assert.Equal(5000, cells.Single(c => c is { Target: "gateway", Kind: "explicit", Connections: 32 }).AddedP99Us);
        Assert.All(cells.Where(c => c.Target == "direct"), c => Assert.Null(c.AddedP99Us));
    }

    [Fact]
    public void Throughput_ratios_and_targets_follow_the_issue()
    {
        var cells = PerfReport.WithAdded(Cells);
        var ratios = PerfReport.Throughput(cells)["explicit"];
        Assert.Equal(new PerfReport.Ratios(32, 0.7, 0.35, 0.5), ratios);

        var targets = PerfReport.Targets(cells).ToDictionary(t => t.Name);
        var explicitP99 = targets["explicit model: added p99"];
        Assert.Equal((250.0, true, false), (explicitP99.Value, explicitP99.Met, explicitP99.StretchMet));
        Assert.Equal(true, targets["explicit model, streaming: added p99 time to first byte"].Met);
        Assert.Equal((3000.0, true), (targets["routed (auto): added p99"].Value, targets["routed (auto): added p99"].Met));
        Assert.Null(targets["routed (auto), streaming: added p99 time to first byte"].Met); // not measured
        var throughput = targets["explicit model at 32 connections: gateway requests/s ÷ nginx requests/s"];
        Assert.Equal((0.7, true, false), (throughput.Value, throughput.Met, throughput.StretchMet));
    }

    [Fact]
    public void With_rounds_added_figures_pair_within_a_round_and_the_targets_take_the_median()
    {
        static PerfCell In(int round, PerfCell cell) => cell with { Round = round };
        var cells = PerfReport.WithAdded(
        [
            In(1, Cell("direct", "explicit", 1, 100, 200, 9000)), In(1, Cell("gateway", "explicit", 1, 300, 450, 3000)),
            In(2, Cell("direct", "explicit", 1, 100, 400, 9000)), In(2, Cell("gateway", "explicit", 1, 300, 500, 3000)),
            In(3, Cell("direct", "explicit", 1, 100, 200, 9000)), In(3, Cell("gateway", "explicit", 1, 300, 1400, 3000)),
            In(1, Cell("direct", "explicit", 32, 1000, 4000, 20000)), In(1, Cell("nginx", "explicit", 32, 2000, 5000, 10000)),
            In(1, Cell("gateway", "explicit", 32, 4000, 9000, 4000)),
            In(2, Cell("direct", "explicit", 32, 1000, 4000, 20000)), In(2, Cell("nginx", "explicit", 32, 2000, 5000, 8000)),
            In(2, Cell("gateway", "explicit", 32, 4000, 9000, 4800)),
        ]);

        Assert.Equal([250.0, 100.0, 1200.0], cells.Where(c => c is { Target: "gateway", Connections: 1 }).OrderBy(c => c.Round).Select(c => c.AddedP99Us));
        var targets = PerfReport.Targets(cells).ToDictionary(t => t.Name);
        Assert.Equal(250.0, targets["explicit model: added p99"].Value);
        Assert.Equal(0.5, PerfReport.Throughput(cells)["explicit"].GatewayOverNginx); // rounds 0.4 and 0.6
        Assert.Null(PerfReport.Median([]));
    }

    [Fact]
    public void A_round_with_steal_above_the_limit_is_shown_but_not_judged_unless_no_round_was_calm()
    {
        static PerfCell In(int round, double steal, PerfCell cell) => cell with { Round = round, StolenCpuShare = steal };
        PerfCell[] measured =
        [
            In(1, 0.001, Cell("direct", "explicit", 1, 100, 200, 9000)), In(1, 0.001, Cell("gateway", "explicit", 1, 300, 450, 3000)),
            In(2, 0.001, Cell("direct", "explicit", 1, 100, 200, 9000)), In(2, 0.080, Cell("gateway", "explicit", 1, 300, 2200, 3000)),
            In(3, 0.001, Cell("direct", "explicit", 1, 100, 200, 9000)), In(3, 0.001, Cell("gateway", "explicit", 1, 300, 400, 3000)),
        ];
        var cells = PerfReport.WithAdded(measured);

        var calm = PerfReport.Targets(cells, maxStolenShare: 0.02).Single(t => t.Name == "explicit model: added p99");
        Assert.Equal((225.0, (2, 3)), (calm.Value, calm.Rounds)); // rounds 1 and 3: +250 and +200
        var all = PerfReport.Targets(cells, maxStolenShare: 1).Single(t => t.Name == "explicit model: added p99");
        Assert.Equal((250.0, (3, 3)), (all.Value, all.Rounds));

        var busy = PerfReport.WithAdded([.. measured.Select(c => c with { StolenCpuShare = 0.1 })]);
        Assert.Equal([1, 2, 3], PerfReport.JudgedRounds(busy, "explicit", 1, 0.02));
    }

    [Theory]
    [InlineData(1, 1, 3, true)]  // calm so far: go on to the third
    [InlineData(3, 3, 3, false)] // three calm rounds: done
    [InlineData(3, 2, 3, true)]  // one was stolen from: one more
    [InlineData(6, 2, 3, false)] // at most as many extra rounds as asked for
    [InlineData(1, 1, 1, false)]
    [InlineData(1, 0, 1, true)]
    public void A_round_stolen_from_is_measured_again_at_most_as_many_times_as_rounds_were_asked(int round, int calm, int rounds, bool another) =>
        Assert.Equal(another, PerfRunner.MeasureAnother(round, calm, rounds));
}
