using System.Net.Http.Json;
using SemanticRouter.Mock;

namespace SemanticRouter.IntegrationTests;

/// <summary>Fills a test gateway's flywheel: questions sent in training mode, waited for until they are in Parquet.</summary>
internal static class Collecting
{
    public static async Task TrainingModeAsync(TestServers servers, IEnumerable<LabeledQuestion> questions)
    {
        var list = questions.ToList();
        await Parallel.ForEachAsync(list, new ParallelOptions { MaxDegreeOfParallelism = 4 }, (q, ct) => new ValueTask(SendAsync(servers, q, ct)));
        Assert.Equal(list.Count * 13, await FlywheelFiles.WaitForAsync(servers.DataDir, list.Count * 13, "mode = 'training'"));
    }

    /// <summary>One question in training mode; every model's answer is scored before the client has the winner.</summary>
    public static async Task SendAsync(TestServers servers, LabeledQuestion question, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(Json.Chat(null, question.Question)) };
        request.Headers.Add("X-Training-Mode", "true");
        (await servers.Http.SendAsync(request, ct)).EnsureSuccessStatusCode();
    }
}
