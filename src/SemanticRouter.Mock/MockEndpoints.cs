using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SemanticRouter.Contracts;

namespace SemanticRouter.Mock;

/// <summary>The challenge's endpoints: chat completions, evaluate, questions, plus the model list.</summary>
public static class MockEndpoints
{
    public static IEndpointRouteBuilder MapMockEndpoints(this IEndpointRouteBuilder app, MockOptions options)
    {
        var chat = new MockChat(options);
        app.MapPost("/v1/chat/completions", (Func<HttpContext, Task<IResult>>)chat.HandleAsync);
        app.MapPost("/v1/messages", (Func<HttpContext, Task<IResult>>)new MockMessages(options).HandleAsync);
        app.MapPost("/v1/embeddings", (Func<HttpContext, Task<IResult>>)EmbeddingsAsync);
        app.MapPost("/v1/evaluate", (Func<HttpContext, Task<IResult>>)(context => EvaluateAsync(context, options)));
        app.MapGet("/questions", () => Results.Json(
            new QuestionList(options.Questions.Items.Select(q => new QuestionItem(q.Id, q.Question)).ToList()),
            ContractsJson.Context.QuestionList));
        app.MapGet("/v1/models", () => Results.Json(
            new ModelList("list", options.World.Models
                .Select(m => new ModelInfo(m.Id, "model", 0, $"mock-{m.Family}", m.PricePer1kTokens, m.Protocol, m.Accepts))
                .Concat(options.JudgeModel is { } judge ? [new ModelInfo(judge, "model", 0, "mock-judge", 0)] : []).ToList()),
            ContractsJson.Context.ModelList));
        app.MapGet("/healthz", () => Results.Text("ok"));
        return app;
    }

    private static async Task<IResult> EvaluateAsync(HttpContext context, MockOptions options)
    {
        options.Counters.Evaluated();
        EvaluateRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body,
                ContractsJson.Context.EvaluateRequest, context.RequestAborted);
        }
        catch (JsonException e)
        {
            return MockErrors.Result(400, $"The request body is not valid JSON: {JsonErrors.Describe(e)}.", "invalid_request_error", "invalid_json");
        }
        return Results.Json(new EvaluateResponse(Score(request, options)), ContractsJson.Context.EvaluateResponse);
    }

    /// <summary>Embeddings of any model name: eight numbers per input, the same for the same text.</summary>
    private static async Task<IResult> EmbeddingsAsync(HttpContext context)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException e)
        {
            return MockErrors.Result(400, $"The request body is not valid JSON: {e.Message}", "invalid_request_error", "invalid_json");
        }
        using (document)
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String)
                return MockErrors.Result(400, "'model' is required.", "invalid_request_error", "missing_model");
            if (!root.TryGetProperty("input", out var input) || input.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
                return MockErrors.Result(400, "'input' must be a string or an array of strings.", "invalid_request_error", "invalid_input");
            var texts = input.ValueKind == JsonValueKind.String ? [input.GetString()!] : input.EnumerateArray().Select(i => i.GetString() ?? "").ToList();
            var tokens = texts.Sum(MockAnswers.EstimateTokens);
            return Results.Json(new Dictionary<string, object>
            {
                ["object"] = "list",
                ["model"] = model.GetString()!,
                ["data"] = texts.Select((text, index) => new Dictionary<string, object>
                {
                    ["object"] = "embedding", ["index"] = index,
                    ["embedding"] = Enumerable.Range(0, 8).Select(i => Math.Round(DeterministicRandom.Normal($"embedding|{text}|{i}"), 6)).ToArray(),
                }).ToList(),
                ["usage"] = new Dictionary<string, int> { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
            });
        }
    }

    /// <summary>-1 for an unknown question or an answer no model of this world signed.</summary>
    public static double Score(EvaluateRequest? request, MockOptions options)
    {
        if (request?.Question is not { } text || request.Answer is not { } answer) return -1;
        var question = options.Questions.Find(text);
        var model = MockAnswers.AttributedModel(answer) is { } id ? options.World.Find(id) : null;
        return question is null || model is null ? -1 : options.World.Score(question, model);
    }
}

internal static class MockErrors
{
    public static IResult Result(int status, string message, string type, string code) =>
        Results.Json(new OpenAiErrorBody(new OpenAiError(message, type, code)),
            ContractsJson.Context.OpenAiErrorBody, statusCode: status);
}
