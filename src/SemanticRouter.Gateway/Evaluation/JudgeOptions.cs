namespace SemanticRouter.Gateway.Evaluation;

/// <summary>The <c>Evaluation</c> configuration section: which judge scores the answers the flywheel records.</summary>
internal sealed class JudgeOptions
{
    public const string Section = "Evaluation";

    /// <summary><c>evaluate-api</c> (the upstream's <c>/v1/evaluate</c>, or <c>Shadow:EvaluateUrl</c>), <c>llm</c> or <c>none</c>; unset: <c>evaluate-api</c> when there is an evaluate URL, else none.</summary>
    public string? Judge { get; set; }

    /// <summary>The catalog model that judges (<c>llm</c>); it answers no client request through training mode's fan-out.</summary>
    public string? JudgeModel { get; set; }

    /// <summary>The share of routed, shadow and explicit answers the LLM judge scores (training mode's are all scored: it picks the best by them).</summary>
    public double JudgeRate { get; set; } = 1;

    /// <summary>At most this many LLM-judge calls a second outside training mode (0: no cap).</summary>
    public double MaxJudgesPerSecond { get; set; } = 5;

    /// <summary>The prompt the judge model gets; <c>{question}</c> and <c>{answer}</c> are replaced.</summary>
    public string Rubric { get; set; } = DefaultRubric;

    public const string DefaultRubric = """
        You are grading an assistant's answer. Judge correctness first, then completeness and clarity.
        Reply with one line "score: X" where X is a number from 0 (useless or wrong) to 1 (fully correct and helpful).

        [question]
        {question}

        [answer]
        {answer}
        """;
}
