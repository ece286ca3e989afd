using System.Text.Json;

namespace SemanticRouter.IntegrationTests.Perf;

public sealed class PerfCommandTests
{
    /// <summary>A tiny real run (one second a cell, no warm-up): every cell is there, nothing failed. Not a measurement.</summary>
    [PerfFact]
    public async Task Perf_writes_every_cell_for_the_mock_nginx_and_the_gateway()
    {
        var output = Directory.CreateTempSubdirectory("semrouter-perf-test-").FullName;
        try
        {
            var (exit, log) = await CliProcess.RunToEndAsync("perf", "--out", output, "--duration", "1", "--warmup", "0", "--questions", "12", "--connections", "4",
                "--max-steal", "100");
            Assert.True(exit == 0, log);

            using var perf = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "perf.json")));
            var root = perf.RootElement;
            Assert.Equal("on", root.GetProperty("settings").GetProperty("flywheel").GetString());
            if (OperatingSystem.IsLinux()) Assert.InRange(root.GetProperty("machine").GetProperty("stolen_cpu_share").GetDouble(), 0, 1);
            Assert.Equal(1, root.GetProperty("settings").GetProperty("max_stolen_share").GetDouble());
            var cells = root.GetProperty("cells").EnumerateArray().ToList();
            var expected = new[] { "explicit", "routed", "explicit-stream", "routed-stream" }.Select(k => (k, 1))
                .Concat([("explicit", 4), ("routed", 4)])
                .SelectMany(kc => new[] { "direct", "nginx", "gateway" }.Select(t => (t, kc.Item1, kc.Item2)));
            Assert.Equal(expected.Order(), cells.Select(c => (c.GetProperty("target").GetString()!, c.GetProperty("kind").GetString()!,
                c.GetProperty("connections").GetInt32())).Order());
            foreach (var cell in cells)
            {
                Assert.True(cell.GetProperty("requests").GetInt64() > 0, cell.ToString());
                Assert.Equal(0, cell.GetProperty("errors").GetInt64());
                Assert.True(cell.GetProperty("p99_us").GetDouble() >= cell.GetProperty("p50_us").GetDouble(), cell.ToString());
                if (cell.GetProperty("target").GetString() != "direct") Assert.True(cell.TryGetProperty("added_p99_us", out _), cell.ToString());
                if (cell.GetProperty("stream").GetBoolean()) Assert.True(cell.TryGetProperty("ttfb_p99_us", out _), cell.ToString());
                if (OperatingSystem.IsLinux()) Assert.InRange(cell.GetProperty("stolen_cpu_share").GetDouble(), 0, 1);
                if (cell.GetProperty("target").GetString() == "gateway")
                    Assert.True(cell.GetProperty("gateway_cpu_us_per_request").GetDouble() > 0, cell.ToString());
            }
            Assert.True(root.GetProperty("throughput").GetProperty("explicit").GetProperty("gateway_over_nginx").GetDouble() > 0);
            Assert.Equal(5, root.GetProperty("targets").GetArrayLength());
            Assert.Contains("## Targets", await File.ReadAllTextAsync(Path.Combine(output, "report.md")));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>
    /// <c>--kinds</c> measures only the kinds named (streams have no throughput cells), <c>--rounds</c> measures each
    /// cell that many times, <c>--gateway-env</c> reaches the gateway and is named in the report; an unknown kind and
    /// a variable without a value are refused.
    /// </summary>
    [PerfFact]
    public async Task Perf_measures_only_the_kinds_asked_for()
    {
        var output = Directory.CreateTempSubdirectory("semrouter-perf-test-").FullName;
        try
        {
            var (exit, log) = await CliProcess.RunToEndAsync("perf", "--out", output, "--duration", "1", "--warmup", "0", "--questions", "4",
                "--connections", "4", "--kinds", "explicit-stream", "--rounds", "2", "--max-steal", "100", "--gateway-env", "DOTNET_GCgen0size=0x4000000");
            Assert.True(exit == 0, log);
            using var perf = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "perf.json")));
            var cells = perf.RootElement.GetProperty("cells").EnumerateArray()
                .Select(c => (c.GetProperty("target").GetString()!, c.GetProperty("kind").GetString()!, c.GetProperty("connections").GetInt32(),
                    c.GetProperty("round").GetInt32()));
            Assert.Equal(new[] { 1, 2 }.SelectMany(r => new[] { "direct", "gateway", "nginx" }.Select(t => (t, "explicit-stream", 1, r))).Order(), cells.Order());
            var report = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
            Assert.Contains("**Only** these request kinds were measured: explicit-stream.", report);
            Assert.Contains("| explicit-stream, round 2", report);
            Assert.Contains("the gateway ran with `DOTNET_GCgen0size=0x4000000`", report);

            // A body limit of 10 bytes, for the gateway only: its first request fails, the mock's do not.
            var (limited, limitedLog) = await CliProcess.RunToEndAsync("perf", "--out", output, "--duration", "1", "--warmup", "0",
                "--questions", "1", "--kinds", "explicit", "--gateway-env", "SEMROUTER__Gateway__MaxRequestBodyBytes=10");
            Assert.NotEqual(0, limited);
            Assert.Contains("413", limitedLog);

            var (refused, message) = await CliProcess.RunToEndAsync("perf", "--out", output, "--kinds", "sideways");
            Assert.NotEqual(0, refused);
            Assert.Contains("sideways", message);
            var (tooMuch, tooMuchMessage) = await CliProcess.RunToEndAsync("perf", "--out", output, "--max-steal", "150");
            Assert.NotEqual(0, tooMuch);
            Assert.Contains("--max-steal", tooMuchMessage);
            var (noValue, noValueMessage) = await CliProcess.RunToEndAsync("perf", "--out", output, "--gateway-env", "DOTNET_GCgen0size");
            Assert.NotEqual(0, noValue);
            Assert.Contains("NAME=VALUE", noValueMessage);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
