namespace SemanticRouter.Gateway.Evaluation;

/// <summary>
/// What scores an answer from 0 to 1 (<c>Evaluation:Judge</c>): the upstream's <c>/v1/evaluate</c>
/// (<see cref="EvaluateClient"/>), a catalog model given a rubric (<see cref="LlmJudge"/>), or none.
/// </summary>
internal interface IAnswerJudge
{
    bool Enabled { get; }

    /// <summary>
    /// Whether this answer is to be judged at all: the LLM judge samples (<c>Evaluation:JudgeRate</c>) and caps its
    /// calls a second; the evaluate API judges every answer it is asked to.
    /// </summary>
    bool Sample();

    /// <summary>The score (-1: the judge refused), or null when judging failed.</summary>
    Task<double?> ScoreAsync(string question, string answer, CancellationToken ct);
}
