using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SemanticRouter.Gateway;
using SemanticRouter.Gateway.Registry;
using SemanticRouter.Mock;
using SemanticRouter.Routing.Estimation;
using SemanticRouter.Routing.Registry;
using SemanticRouter.Training;

namespace SemanticRouter.IntegrationTests;

/// <summary>POST /v1/feedback: a client rates an answer by its request id; the rating is a flywheel row that training learns from.</summary>
public sealed class FeedbackTests
{
    [Fact]
    public async Task A_rating_is_recorded_as_a_feedback_row_of_the_answer_and_unknown_ids_are_404()
    {
        await using var servers = await TestServers.StartAsync();
        using var answer = await servers.Http.PostChatAsync(Json.Chat(null, "What is the derivative of x^3?"));
        var (id, model) = (answer.Headers.GetValues(GatewayHeaders.RequestId).Single(), answer.Headers.GetValues(GatewayHeaders.Model).Single());

        using var rated = await servers.Http.PostAsJsonAsync("/v1/feedback", new { request_id = id, thumbs = "down", comment = "wrong sign" });
        Assert.Equal(HttpStatusCode.Accepted, rated.StatusCode);
        using var scored = await servers.Http.PostAsJsonAsync("/v1/feedback", new { request_id = id, score = 0.75 });
        Assert.Equal(HttpStatusCode.Accepted, scored.StatusCode);
        Assert.Equal(2, await FlywheelFiles.WaitForAsync(servers.DataDir, 2, "mode = 'feedback'"));
        var rows = FlywheelFiles.Query(servers.DataDir, "SELECT request_id, model, score, comment FROM ROWS WHERE mode = 'feedback' ORDER BY score");
        Assert.Equal((id, model, "0", "wrong sign"), (rows[0, "request_id"], rows[0, "model"], rows[0, "score"], rows[0, "comment"]));
        Assert.Equal((id, model, "0.75"), (rows[1, "request_id"], rows[1, "model"], rows[1, "score"]));

        using var unknown = await servers.Http.PostAsJsonAsync("/v1/feedback", new { request_id = "no-such-request", thumbs = "up" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("unknown_request_id", (await Json.ReadAsync(unknown)).GetProperty("error").GetProperty("code").GetString());
        foreach (var bad in new object[] { new { request_id = id }, new { request_id = id, score = 1.5 }, new { request_id = id, thumbs = "sideways" },
                     new { request_id = id, score = 1, thumbs = "up" } })
        {
            using var refused = await servers.Http.PostAsJsonAsync("/v1/feedback", bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
    }

    [Fact]
    public async Task Only_the_key_that_made_the_request_may_rate_its_answer_and_an_old_answer_cannot_be_rated()
    {
        await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
        {
            ["SEMROUTER_API_KEYS"] = "key-one,key-two",
            ["Shadow:FeedbackMinutes"] = "0.02", // 1.2 s
        });
        HttpRequestMessage Post(string path, object body, string key) =>
            new(HttpMethod.Post, path) { Content = JsonContent.Create(body), Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };
        using var answer = await servers.Http.SendAsync(Post("/v1/chat/completions", Json.Chat("qwen-max", "What is 2 + 2?"), "key-one"));
        var id = answer.Headers.GetValues(GatewayHeaders.RequestId).Single();

        using var other = await servers.Http.SendAsync(Post("/v1/feedback", new { request_id = id, thumbs = "down" }, "key-two"));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        using var own = await servers.Http.SendAsync(Post("/v1/feedback", new { request_id = id, thumbs = "up" }, "key-one"));
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        await Task.Delay(1500); // the answer is now older than Shadow:FeedbackMinutes
        using var late = await servers.Http.SendAsync(Post("/v1/feedback", new { request_id = id, thumbs = "up" }, "key-one"));
        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);
    }

    [Fact]
    public async Task Ratings_change_what_the_next_retrain_learns()
    {
        await using var servers = await TestServers.StartAsync(split: "train");
        var questions = EmbeddedData.Questions("train").Items.Take(40).ToList();
        await Collecting.TrainingModeAsync(servers, questions);
        const string rated = "qwen-max";
        foreach (var question in questions.Take(20))
        {
            using var answer = await servers.Http.PostChatAsync(Json.Chat(rated, question.Question));
            using var feedback = await servers.Http.PostAsJsonAsync("/v1/feedback",
                new { request_id = answer.Headers.GetValues(GatewayHeaders.RequestId).Single(), thumbs = "down" });
            Assert.Equal(HttpStatusCode.Accepted, feedback.StatusCode);
        }
        Assert.Equal(20, await FlywheelFiles.WaitForAsync(servers.DataDir, 20, "mode = 'feedback' AND score = 0"));

        var registry = servers.Service<ClassifierRegistry>();
        var encoder = registry.Encoder!;
        double Predicted(double feedbackWeight)
        {
            var outcome = TrainJob.Run(new TrainOptions
            {
                DataDir = servers.DataDir, Promote = "never", MinRowsPerModel = 1, FeedbackWeight = feedbackWeight,
                Policy = new Gateway.Routing.RoutingOptions().Policy(),
            }, encoder, champion: null);
            var head = RoutingHead.Load(Path.Combine(new ClassifierStore(servers.DataDir).Folder(outcome.Version), "head.json"));
            var index = Array.IndexOf(head.Models, rated);
            return questions.Take(20).Average(q =>
            {
                var features = new float[head.FeatureCount];
                var embedding = new float[head.EmbeddingDim];
                encoder.Embed(q.Question, embedding);
                head.Features(embedding, q.Question, features);
                var (scores, latencies) = (new double[head.Models.Length], new double[head.Models.Length]);
                head.Predict(features, scores, latencies);
                return scores[index];
            });
        }
        var (ignored, learned) = (Predicted(0), Predicted(5));
        Assert.True(learned < ignored - 0.1, $"{rated}'s predicted score on the rated questions: {learned:F3} with ratings, {ignored:F3} without");
    }
}
