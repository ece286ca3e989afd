using System.Net;
using System.Net.Http.Json;
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
}
