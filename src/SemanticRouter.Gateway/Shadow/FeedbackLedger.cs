using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Ingress;
using SemanticRouter.Gateway.Pipeline;

namespace SemanticRouter.Gateway.Shadow;

/// <summary>
/// The answers clients may rate: every answered exchange the flywheel records is remembered by request id for
/// <see cref="ShadowOptions.FeedbackMinutes"/> (at most <see cref="ShadowOptions.FeedbackCapacity"/>, oldest forgotten
/// first, and within <see cref="ShadowOptions.FeedbackMegabytes"/>). A rating from the key that made the request becomes a
/// <c>feedback</c> row: the answer's request id, question, model and usage, the rating as its score. Only the exchange's
/// small parts are kept, not its body, as bytes in an <see cref="AnswerRing"/>.
/// </summary>
internal sealed class FeedbackLedger(IAnswerRecorder recorder, IOptions<ShadowOptions> options, TimeProvider time) : IFeedbackSink
{
    private readonly TimeSpan _keep = TimeSpan.FromMinutes(options.Value.FeedbackMinutes);
    private readonly AnswerRing _answers = new(options.Value.FeedbackCapacity, (int)(options.Value.FeedbackMegabytes * 1024 * 1024));

    /// <summary>Remembers an answered exchange as the client gets it, so that it can be rated at once.</summary>
    public void Remember(Exchange exchange)
    {
        if (exchange is not { Model: { } model, Answer: { Succeeded: true } answer }) return;
        var now = time.GetUtcNow();
        // The usage is known here only when Forward read the answer; the answer's own row has it in any case.
        var cost = exchange.Parsed is { } parsed ? model.Cost(parsed.PromptTokens, parsed.CompletionTokens) : 0;
        _answers.Add(new RatedAnswer(exchange.RequestId, exchange.ClientKey, exchange.Request.Question, model.Name,
            exchange.RouterVersion, exchange.Request.MessagesSha256, answer.LatencyMs, cost, now));
    }

    public async Task<FeedbackOutcome> RateAsync(FeedbackRating rating)
    {
        if (_answers.Find(rating.RequestId) is not { } answer || time.GetUtcNow() - answer.At > _keep) return FeedbackOutcome.Unknown;
        if (answer.Key != rating.Key) return FeedbackOutcome.OtherKey;
        return await recorder.RecordFeedbackAsync(answer, rating.Score, rating.Comment) ? FeedbackOutcome.Recorded : FeedbackOutcome.Unknown;
    }
}

/// <summary>What a rating needs of the answer it rates.</summary>
internal sealed record RatedAnswer(string RequestId, string? Key, string Question, string Model, string RouterVersion, string? MessagesSha256,
    double LatencyMs, double Cost, DateTimeOffset At);
