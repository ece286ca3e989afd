using SemanticRouter.Gateway.Catalog;
using SemanticRouter.Gateway.Pipeline;
using SemanticRouter.Gateway.Protocols;

namespace SemanticRouter.Gateway.Shadow;

/// <summary>
/// Where the flywheel's answers are kept: the Record stage implements it. Shadow owns this interface and imports
/// nothing of Record. A journal that cannot be written (the data directory's disk full or gone) costs the rows it
/// refused, logged and counted there, never a client's request.
/// </summary>
internal interface IAnswerRecorder
{
    /// <summary>Keeps the answers, one journal write for all; false when the journal refused them.</summary>
    Task<bool> RecordAsync(IReadOnlyList<RecordedAnswer> answers);

    /// <summary>The score of an answer recorded <see cref="RecordedAnswer.AwaitingScore"/> (null: scoring failed).</summary>
    Task SetScoreAsync(RecordedAnswer answer, double? score);

    /// <summary>Keeps a client's rating of an answer as a <c>feedback</c> row; false when the journal refused it.</summary>
    Task<bool> RecordFeedbackAsync(RatedAnswer answer, double score, string? comment);
}

/// <summary>
/// One answer the flywheel keeps: the exchange it answered, how it was asked for (<see cref="Mode"/>: <c>routed</c>,
/// <c>explicit</c>, <c>shadow</c>, <c>training</c>), the model that gave it, the answer and its reading, the model
/// whose answer the client got, and its score when already known or whether one will follow.
/// </summary>
internal sealed record RecordedAnswer(Exchange Exchange, string Mode, CatalogModel Model, UpstreamAnswer Answer, ParsedAnswer Parsed,
    string ChosenModel)
{
    public double? Score { get; init; }
    public bool AwaitingScore { get; init; }

    /// <summary>A shadow answer's pairwise verdict: the routed answer against it (win, tie, loss); null when not compared.</summary>
    public string? Verdict { get; init; }
}
