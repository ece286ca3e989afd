using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>Evaluation:Judge: the flywheel turns on an LLM judge where the upstream has no /v1/evaluate.</summary>
public sealed class JudgeTests
{
    private static readonly Dictionary<string, string?> Llm = new()
    {
        ["Evaluation:Judge"] = "llm",
        ["Evaluation:JudgeModel"] = "mock-judge",
        ["Evaluation:MaxJudgesPerSecond"] = "0",
    };

    [Fact]
    public async Task The_llm_judge_scores_every_training_answer_without_the_evaluate_api_and_answers_no_question_itself()
    {
        await using var servers = await TestServers.StartAsync(split: "train", settings: Llm, judgeModel: "mock-judge");
        var questions = EmbeddedData.Questions("train").Items.Take(5).ToList();
        await Collecting.TrainingModeAsync(servers, questions); // 13 rows a question: the judge is not one of the answering models
        Assert.Equal(0, servers.MockOptions.Counters.EvaluateCalls);

        var world = EmbeddedData.World("default");
        var rows = FlywheelFiles.Query(servers.DataDir, "SELECT question, model, score FROM ROWS WHERE mode = 'training'");
        Assert.Equal(65, rows.RowCount);
        for (var i = 0; i < rows.RowCount; i++)
        {
            var question = questions.Single(q => q.Question == rows[i, "question"]);
            var truth = world.Score(question, world.Find(rows[i, "model"]!)!);
            Assert.InRange(double.Parse(rows[i, "score"]!, System.Globalization.CultureInfo.InvariantCulture), truth - 0.25, truth + 0.25);
        }
        var samples = await MetricsScrape.ReadAsync(servers.Http);
        Assert.Equal(65, samples.Sum("semantic_router_judge_calls_total", ("model", "mock-judge"), ("outcome", "scored")));
        Assert.True(samples.Sum("semantic_router_tokens_total", ("model", "mock-judge")) > 0);
    }

    [Fact]
    public async Task Routed_answers_are_judged_at_the_judge_rate()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>(Llm)
        {
            ["Evaluation:JudgeRate"] = "0",
            ["Shadow:SampleRate"] = "0",
        }, judgeModel: "mock-judge");
        using var response = await servers.Http.PostChatAsync(Json.Chat(null, EmbeddedData.Questions("verify").Items[0].Question));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await FlywheelFiles.WaitForAsync(servers.DataDir, 1, "mode = 'routed'"));
        Assert.Equal(0, FlywheelFiles.Count(servers.DataDir, "score IS NOT NULL"));
        Assert.Equal(0, servers.MockOptions.Counters.EvaluateCalls);
    }

    [Fact]
    public async Task An_llm_judge_without_a_judge_model_stops_the_gateway_at_start()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Evaluation:Judge"] = "llm",
        }));
        Assert.Contains("Evaluation:JudgeModel", failure.Message);
    }

    /// <summary>
    /// Pairwise mode on a real gateway and mock: each shadow pair's verdict is on its shadow row and in the win/tie/loss
    /// counts (metrics and the per-hour JSON), from two judge calls. With no position bias the verdicts follow the world's
    /// scores; a judge that always prefers the first-shown answer gives only ties, as both orders cancel its bias (asked in
    /// one order it would call every pair a win).
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public async Task Pairwise_mode_labels_each_shadow_pair_from_both_orders_so_a_position_bias_cancels(double positionBias)
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>(Llm) { ["Evaluation:JudgeMode"] = "pairwise" },
            judgeModel: "mock-judge", judgeNoiseSd: 0, judgePositionBias: positionBias);
        var questions = EmbeddedData.Questions("verify").Items.Take(10).ToList();
        var routed = new List<string>();
        foreach (var question in questions)
        {
            using var response = await servers.Http.PostChatAsync(Json.Chat(null, question.Question));
            routed.Add(response.Headers.GetValues(GatewayHeaders.Model).Single());
        }
        var pairs = routed.Count(m => m != "qwen-max"); // a request routed to the baseline itself gets no shadow call
        Assert.True(pairs > 0);
        Assert.Equal(pairs, await FlywheelFiles.WaitForAsync(servers.DataDir, pairs, "mode = 'shadow' AND verdict IS NOT NULL"));

        var world = EmbeddedData.World("default");
        var rows = FlywheelFiles.Query(servers.DataDir, "SELECT question, chosen_model, verdict FROM ROWS WHERE mode = 'shadow'");
        var expected = new Dictionary<string, int> { ["win"] = 0, ["tie"] = 0, ["loss"] = 0 };
        for (var i = 0; i < rows.RowCount; i++)
        {
            var question = questions.Single(q => q.Question == rows[i, "question"]);
            var margin = world.Score(question, world.Find(rows[i, "chosen_model"]!)!) - world.Score(question, world.Find("qwen-max")!);
            var truth = positionBias > 0 || Math.Abs(margin) <= 0.02 ? "tie" : margin > 0 ? "win" : "loss";
            Assert.Equal(truth, rows[i, "verdict"]);
            expected[truth]++;
        }
        if (positionBias == 0) Assert.True(expected["tie"] < pairs, "the world's scores decide some pairs");
        Assert.Equal(0, FlywheelFiles.Count(servers.DataDir, "mode <> 'shadow' AND verdict IS NOT NULL"));

        var samples = await MetricsScrape.ReadAsync(servers.Http);
        foreach (var (outcome, count) in expected)
            Assert.Equal(count, samples.Sum("semantic_router_baseline_outcomes_total", ("outcome", outcome)));
        Assert.Equal(2 * pairs, samples.Sum("semantic_router_judge_calls_total", ("model", "mock-judge"), ("outcome", "compared")));
        using var hours = JsonDocument.Parse(await servers.Http.GetStringAsync("/dashboard/baseline-hours.json"));
        var shown = hours.RootElement.GetProperty("hours").EnumerateArray().ToList();
        foreach (var (outcome, count) in expected)
            Assert.Equal(count, shown.Sum(h => h.GetProperty(outcome).GetInt64()));
        Assert.Equal(pairs, shown.Sum(h => h.GetProperty("pairs").GetInt64()));
        Assert.Equal(0, servers.MockOptions.Counters.EvaluateCalls);
    }

    [Fact]
    public async Task Pairwise_mode_without_the_llm_judge_stops_the_gateway_at_start()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Evaluation:JudgeMode"] = "pairwise",
        }));
        Assert.Contains("Evaluation:Judge llm", failure.Message);
    }
}
