using System.Net;

namespace SemanticRouter.IntegrationTests;

/// <summary>The built <c>semrouter</c> executable, run as its own process.</summary>
public sealed class CliTests
{
    [Fact]
    public async Task Help_lists_the_subcommands()
    {
        var (exit, output) = await CliProcess.RunToEndAsync("--help");
        Assert.Equal(0, exit);
        foreach (var command in new[] { "serve", "mock", "demo", "collect" }) Assert.Contains(command, output);
    }

    [Fact]
    public async Task Bench_encoder_times_two_folders_side_by_side_and_finds_the_same_file_identical()
    {
        var shipped = SemanticRouter.Routing.ShippedModels.Encoder;
        var (exit, output) = await CliProcess.RunToEndAsync("bench-encoder", "--against", shipped, "--passes", "1");
        Assert.True(exit == 0, output);
        Assert.Equal(2, output.Split('\n').Count(l => l.TrimStart().StartsWith("all ", StringComparison.Ordinal)));
        Assert.Contains("largest absolute difference between the two embeddings (signals included): 0.00E+000", output);
    }

    [Fact]
    public async Task Hash_key_prints_the_hash_a_config_file_accepts_for_the_key()
    {
        var (exit, output) = await CliProcess.RunToEndAsync("hash-key", "sk-team-a");
        Assert.Equal(0, exit);
        var hash = output.Trim();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("sk-team-a"u8)), hash);

        var dataDir = Directory.CreateTempSubdirectory("semrouter-hash-").FullName;
        var (process, http) = await CliProcess.StartServeAsync(new Dictionary<string, string>
        {
            ["SEMROUTER__Auth__ApiKeys__0__Name"] = "team-a",
            ["SEMROUTER__Auth__ApiKeys__0__Sha256"] = hash,
        }, "--data-dir", dataDir);
        try
        {
            using var anonymous = await http.GetAsync("/v1/models");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            http.DefaultRequestHeaders.Authorization = new("Bearer", "sk-team-a");
            using var known = await http.GetAsync("/v1/models");
            Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        }
        finally
        {
            CliProcess.Terminate(process);
            await process.WaitForExitAsync();
            http.Dispose();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Demo_runs_the_flywheel_end_to_end_on_a_slice()
    {
        var dataDir = Directory.CreateTempSubdirectory("semrouter-demo-").FullName;
        try
        {
            var (exit, output) = await CliProcess.RunToEndAsync("demo", "--train-limit", "40", "--verify-limit", "12", "--data-dir", dataDir);
            Assert.True(exit == 0, output);
            Assert.Contains("router before", output);
            Assert.Contains("router after", output);
            Assert.Contains("label-aware", output);
            Assert.Matches(@"(?m)^evaluate API calls: [1-9]\d*$", output); // the evaluate-api judge: the mocks served its calls
            Assert.Contains("demo finished", output);
            Assert.Contains("4. hot swap", output); // never skipped without a word
            Assert.Contains("the flywheel ", output);
            Assert.DoesNotContain("\u001b[", output); // plain text when not a terminal
            Assert.True(File.Exists(Path.Combine(dataDir, "bench-after", "summary.json")));
            Assert.True(File.Exists(Path.Combine(dataDir, ".semrouter-demo")));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_without_an_upstream_starts_the_built_in_mock()
    {
        var dataDir = Directory.CreateTempSubdirectory("semrouter-serve-").FullName;
        var (process, http) = await CliProcess.StartServeAsync("--data-dir", dataDir);
        try
        {
            using var response = await http.PostChatAsync(Json.Chat(null, "What is 2 + 2?"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            http.Dispose();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Train_without_recorded_data_says_so_and_exits_non_zero()
    {
        var dataDir = Directory.CreateTempSubdirectory("semrouter-train-").FullName;
        try
        {
            var (exit, output) = await CliProcess.RunToEndAsync("train", "--data-dir", dataDir);
            Assert.Equal(2, exit);
            Assert.Contains("No scored rows", output);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Bench_routing_without_the_public_question_sets_says_what_is_missing_and_exits_non_zero()
    {
        var missing = Path.Combine(Path.GetTempPath(), "semrouter-no-public-" + Guid.NewGuid().ToString("N"));
        var (exit, output) = await CliProcess.RunToEndAsync("bench-routing", "--public", missing, "--out", missing + "-out");
        Assert.Equal(2, exit);
        Assert.Contains($"no public question sets (*.jsonl) in {missing}", output);
        Assert.False(Directory.Exists(missing + "-out"), "nothing written when there is nothing to report");
    }

    [Fact]
    public async Task Demo_refuses_a_data_directory_it_did_not_make_unless_forced()
    {
        var dataDir = Directory.CreateTempSubdirectory("semrouter-demo-foreign-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dataDir, "keep-me.txt"), "recorded answers of a real gateway");
            var (exit, output) = await CliProcess.RunToEndAsync("demo", "--data-dir", dataDir);
            Assert.Equal(2, exit);
            Assert.Contains("the demo did not make it (it holds keep-me.txt)", output);
            Assert.True(File.Exists(Path.Combine(dataDir, "keep-me.txt")));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_with_a_broken_config_file_says_what_is_wrong_in_plain_words()
    {
        var config = Path.Combine(Path.GetTempPath(), $"semrouter-config-{Guid.NewGuid():N}.json");
        File.WriteAllText(config, """{"Gateway": {"DefaultModel": "qwen-max" """);
        try
        {
            var (exit, output) = await CliProcess.RunToEndAsync("serve", "--config", config);
            Assert.Equal(2, exit);
            Assert.Contains($"serve: The config file {config} is not valid JSON: it ends before the JSON is complete (line 1", output);
            Assert.DoesNotContain("isFinalBlock", output);
            Assert.DoesNotContain("Exception", output);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task Mock_rejects_an_unknown_split()
    {
        var (exit, output) = await CliProcess.RunToEndAsync("mock", "--split", "nonsense");
        Assert.NotEqual(0, exit);
        Assert.Contains("nonsense", output);
    }
}
