using SemanticRouter.Gateway.Shadow;
using SemanticRouter.Recording;

namespace SemanticRouter.Gateway.Recording;

/// <summary>The flywheel's row for a recorded answer: what the router learns from (columns in datasets/README.md).</summary>
internal static class FlywheelRows
{
    public static FlywheelRow Row(RecordedAnswer recorded)
    {
        var (exchange, model, answer, parsed) = (recorded.Exchange, recorded.Model, recorded.Answer, recorded.Parsed);
        return new FlywheelRow
        {
            RequestId = exchange.RequestId,
            Ts = DateTimeOffset.UtcNow,
            Mode = recorded.Mode,
            Question = exchange.Request.Question,
            Model = model.Name,
            Answer = parsed.Text,
            LatencyMs = answer.LatencyMs,
            TtftMs = answer.TtftMs,
            PromptTokens = parsed.PromptTokens,
            CompletionTokens = parsed.CompletionTokens,
            Cost = model.Cost(parsed.PromptTokens, parsed.CompletionTokens),
            Score = recorded.Score,
            RouterVersion = exchange.RouterVersion,
            ChosenModel = recorded.ChosenModel,
            MessagesSha256 = exchange.Request.MessagesSha256,
            Candidates = exchange.Decision?.Candidates,
            Status = answer.Status,
            Error = answer.Error ?? (answer.Truncated ? "answer longer than Gateway:MaxCapturedAnswerBytes" : null),
            Protocol = exchange.Protocol.Name,
            Verdict = recorded.Verdict,
        };
    }

    /// <summary>A client's rating of an answer: the answer's request id, question, model and usage; the rating as the score.</summary>
    public static FlywheelRow Feedback(RatedAnswer answer, double score, string? comment) => new()
    {
        RequestId = answer.RequestId,
        Ts = DateTimeOffset.UtcNow,
        Mode = "feedback",
        Question = answer.Question,
        Model = answer.Model,
        LatencyMs = answer.LatencyMs,
        Cost = answer.Cost,
        Score = score,
        RouterVersion = answer.RouterVersion,
        ChosenModel = answer.Model,
        MessagesSha256 = answer.MessagesSha256,
        Comment = comment,
    };

    public static string Key(RecordedAnswer recorded) => FlywheelRow.KeyOf(recorded.Exchange.RequestId, recorded.Model.Name, recorded.Mode);
}
