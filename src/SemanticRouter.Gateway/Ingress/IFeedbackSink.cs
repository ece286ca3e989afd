namespace SemanticRouter.Gateway.Ingress;

/// <summary>A client's rating of an answer: the answer's request id, the rating (0..1), an optional comment, and the client key that sent it.</summary>
internal sealed record FeedbackRating(string RequestId, double Score, string? Comment, string? Key);

internal enum FeedbackOutcome { Recorded, Unknown, OtherKey }

/// <summary>
/// Where <c>POST /v1/feedback</c> hands a rating: the flywheel implements it (it remembers the answers it saw). Ingress
/// owns this interface and imports nothing of the stages after it; with the flywheel off there is none.
/// </summary>
internal interface IFeedbackSink
{
    Task<FeedbackOutcome> RateAsync(FeedbackRating rating);
}
