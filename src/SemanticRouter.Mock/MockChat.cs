using Microsoft.AspNetCore.Http;
using SemanticRouter.Contracts;

namespace SemanticRouter.Mock;

/// <summary><c>POST /v1/chat/completions</c>: a signed mock answer after the world's latency for this model.</summary>
internal sealed class MockChat(MockOptions options)
{
    private const int StreamPieces = 8;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ChatRequest request;
        string? tool;
        try
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            if (body.Length > options.MaxRequestBodyBytes)
                return MockErrors.Result(413, "The request body is too large.", "invalid_request_error", "request_too_large");
            request = ChatRequest.Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
            tool = MockToolCall.Forced(body.GetBuffer().AsMemory(0, (int)body.Length));
        }
        catch (InvalidRequestException e)
        {
            return MockErrors.Result(400, e.Message, "invalid_request_error", "invalid_request");
        }
        if (request.Model is null)
            return MockErrors.Result(400, "'model' is required.", "invalid_request_error", "missing_model");
        if (request.Model == options.JudgeModel) return await JudgeAsync(request, context.RequestAborted);
        if (options.World.Find(request.Model) is not { } model)
            return MockErrors.Result(404, $"The model '{request.Model}' does not exist.", "invalid_request_error", "model_not_found");
        if (!model.Takes(request.Media))
            return MockErrors.Result(400, $"The model '{model.Id}' does not accept {string.Join(", ", request.Media)} input.", "invalid_request_error", "unsupported_content");
        if (model.SpeaksAnthropic)
            return MockErrors.Result(400, $"The model '{model.Id}' speaks Anthropic Messages: POST /v1/messages.", "invalid_request_error", "wrong_protocol");

        var labeled = options.Questions.Find(request.Question);
        var latency = options.World.Latency(request.Question, labeled?.Difficulty ?? 2, model) * options.LatencyScale;
        var answer = MockAnswers.Compose(request.Question, model);
        var usage = Usage(request.Question, answer);
        var id = $"chatcmpl-mock-{Guid.NewGuid():N}";
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        if (tool is not null)
        {
            await Delay(latency, context.RequestAborted);
            await MockToolCall.WriteAsync(context.Response, request.Stream, id, created, model.Id, tool, usage, request.IncludeUsage, context.RequestAborted);
            return Results.Empty;
        }
        if (request.Stream)
        {
            await StreamAsync(context, request, model.Id, answer, usage, latency, id, created);
            return Results.Empty;
        }
        await Delay(latency, context.RequestAborted);
        return Results.Json(
            new ChatCompletion(id, "chat.completion", created, model.Id,
                [new ChatChoice(0, new ChatMessage("assistant", answer), "stop")], usage),
            ContractsJson.Context.ChatCompletion);
    }

    /// <summary>
    /// The judge model: the world's score of the answer quoted in the prompt, with the judge's noise; for a prompt with
    /// two answers, which of them scores higher (the first shown given <see cref="MockOptions.JudgePositionBias"/>, ties
    /// within <see cref="PairTie"/>); no verdict when it cannot tell.
    /// </summary>
    private async Task<IResult> JudgeAsync(ChatRequest request, CancellationToken ct)
    {
        var prompt = request.Question;
        var question = options.Questions.FindIn(prompt);
        var models = MockAnswers.AttributedModels(prompt).Select(options.World.Find).ToList();
        var reply = "I cannot grade this: I do not know the question or who answered.";
        if (question is not null && models is [{ } a, { } b])
        {
            var margin = JudgedScore(question, a) + options.JudgePositionBias - JudgedScore(question, b);
            reply = Math.Abs(margin) <= PairTie ? "winner: tie" : margin > 0 ? "winner: A" : "winner: B";
        }
        else if (question is not null && models is [.., { } model])
            reply = FormattableString.Invariant($"score: {JudgedScore(question, model):F2}");
        await Delay(TimeSpan.FromMilliseconds(300) * options.LatencyScale, ct);
        return Results.Json(
            new ChatCompletion($"chatcmpl-mock-{Guid.NewGuid():N}", "chat.completion", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), request.Model!,
                [new ChatChoice(0, new ChatMessage("assistant", reply), "stop")], Usage(prompt, reply)),
            ContractsJson.Context.ChatCompletion);
    }

    private const double PairTie = 0.02;

    private double JudgedScore(LabeledQuestion question, WorldModel model) => Math.Clamp(options.World.Score(question, model)
        + options.JudgeNoiseSd * DeterministicRandom.Normal($"{options.World.Seed}|judge|{question.Question}|{model.Id}"), 0, 1);

    private async Task StreamAsync(HttpContext context, ChatRequest request, string model, string answer,
        Usage usage, TimeSpan latency, string id, long created)
    {
        var response = context.Response;
        var ct = context.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await Delay(latency * options.World.TtftFraction, ct);

        var pieces = Split(answer, StreamPieces);
        var gap = latency * (1 - options.World.TtftFraction) / pieces.Count;
        for (var i = 0; i < pieces.Count; i++)
        {
            if (i > 0) await Delay(gap, ct);
            await ServerSentEvents.WriteAsync(response.Body, Chunk(id, created, model,
                new ChunkDelta(i == 0 ? "assistant" : null, pieces[i]), null, null), ct);
        }
        await ServerSentEvents.WriteAsync(response.Body, Chunk(id, created, model, new ChunkDelta(null, null), "stop", null), ct);
        if (request.IncludeUsage)
            await ServerSentEvents.WriteAsync(response.Body, new ChatCompletionChunk(id, "chat.completion.chunk", created, model, [], usage), ct);
        await ServerSentEvents.WriteDoneAsync(response.Body, ct);
    }

    private static ChatCompletionChunk Chunk(string id, long created, string model, ChunkDelta delta, string? finish, Usage? usage) =>
        new(id, "chat.completion.chunk", created, model, [new ChunkChoice(0, delta, finish)], usage);

    private static Usage Usage(string question, string answer)
    {
        int prompt = MockAnswers.EstimateTokens(question), completion = MockAnswers.EstimateTokens(answer);
        return new Usage(prompt, completion, prompt + completion);
    }

    /// <summary>Splits text into about <paramref name="count"/> pieces at spaces; concatenated they are the text.</summary>
    internal static List<string> Split(string text, int count)
    {
        var pieces = new List<string>();
        var size = Math.Max(1, text.Length / count);
        var start = 0;
        while (start < text.Length)
        {
            var end = Math.Min(text.Length, start + size);
            var space = text.IndexOf(' ', end);
            end = space < 0 || pieces.Count == count - 1 ? text.Length : space + 1;
            pieces.Add(text[start..end]);
            start = end;
        }
        return pieces;
    }

    private static Task Delay(TimeSpan delay, CancellationToken ct) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, ct) : Task.CompletedTask;
}
