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

    /// <summary>
    /// How the shadow pairs (a routed answer and the baseline's answer to the same request) are labelled win, tie or loss:
    /// <c>absolute</c> compares their two scores; <c>pairwise</c> (<c>llm</c> judge only) shows the judge model both answers,
    /// in both orders, with <see cref="PairwiseRubric"/>. Either way each answer still gets its 0–1 score, which is what
    /// the router learns from.
    /// </summary>
    public string JudgeMode { get; set; } = "absolute";

    public bool Pairwise => JudgeMode == "pairwise";

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

    /// <summary>The pairwise prompt; <c>{question}</c>, <c>{answer_a}</c> and <c>{answer_b}</c> are replaced.</summary>
    public string PairwiseRubric { get; set; } = DefaultPairwiseRubric;

    public const string DefaultPairwiseRubric = """
        You are comparing two assistants' answers to the same question. Judge correctness first, then completeness and clarity;
        ignore the order in which they are shown and their length.
        Reply with one line "winner: A", "winner: B" or "winner: tie".

        [question]
        {question}

        [answer A]
        {answer_a}

        [answer B]
        {answer_b}
        """;
}
