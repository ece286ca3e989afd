using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using SemanticRouter.Gateway.Evaluation;
using SemanticRouter.IntegrationTests.Perf;

namespace SemanticRouter.IntegrationTests;

public sealed class EvaluateClientTests
{
    [Fact]
    public async Task A_score_request_is_one_sized_json_body_not_a_chunked_upload()
    {
        // Some servers and proxies in front of a judge refuse chunked request bodies; a score request is small and
        // fully known, so it goes with its length.
        (long? Length, string Encoding, string Question, string Answer)? seen = null;
        var app = await LoopbackServer.StartAsync(async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            if (body.RootElement.TryGetProperty("question", out var question))
                seen = (context.Request.ContentLength, context.Request.Headers.TransferEncoding.ToString(),
                    question.GetString()!, body.RootElement.GetProperty("answer").GetString()!);
            await context.Response.WriteAsJsonAsync(new { score = 0.75 });
        });
        try
        {
            using var client = new EvaluateClient(LoopbackServer.Url(app), NullLogger<EvaluateClient>.Instance);
            Assert.Equal(0.75, await client.ScoreAsync("求 1+1 \"quoted\"", "答案是 2", CancellationToken.None));
            Assert.NotNull(seen);
            Assert.True(seen.Value.Length > 0);
            Assert.Equal("", seen.Value.Encoding);
            Assert.Equal("求 1+1 \"quoted\"", seen.Value.Question);
            Assert.Equal("答案是 2", seen.Value.Answer);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
