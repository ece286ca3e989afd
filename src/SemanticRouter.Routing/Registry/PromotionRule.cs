namespace SemanticRouter.Routing.Registry;

/// <summary>
/// What a challenger is judged on: the utility of each classifier's pick on every held-out question, question by
/// question in the same order (NaN where it picked nothing). <see cref="Champion"/> is null when there is no
/// comparable champion; <see cref="Shipped"/> when the shipped classifier cannot be replayed (another encoder).
/// </summary>
public sealed record PromotionEvidence(IReadOnlyList<double> Challenger, IReadOnlyList<double>? Champion, bool ChampionExists,
    IReadOnlyList<double>? Shipped = null);

/// <summary>
/// When a challenger replaces the champion. <c>auto</c> promotes only when all of these hold: the held-out set has
/// at least <see cref="MinHeldOutQuestions"/> questions (a burst of a few rows proves nothing); the challenger is not
/// worse than the shipped classifier on the same fixed held-out slice, by more than <see cref="ReferenceTolerance"/>;
/// and, when there is a comparable champion, the challenger's utility gain over it exceeds <see cref="Margin"/> in at
/// least <see cref="Confidence"/> of paired bootstrap resamples of the held-out questions. <c>always</c> and
/// <c>never</c> do what they say. Every trainer (the CLI, the scheduled retrain, benchmarks) decides here.
/// </summary>
public sealed record PromotionRule(string Mode = "auto", double Margin = 0, int MinHeldOutQuestions = 50, double Confidence = 0.95,
    double ReferenceTolerance = 0)
{
    public static readonly string[] Modes = ["auto", "always", "never"];

    private const int Resamples = 2000;

    public (bool Promote, string Reason) Decide(PromotionEvidence evidence)
    {
        switch (Mode)
        {
            case "always": return (true, "--promote always");
            case "never": return (false, "--promote never");
            case "auto": break;
            default: throw new ArgumentException($"Unknown promotion mode '{Mode}': use auto, always or never.");
        }
        var questions = evidence.Challenger.Count;
        if (questions < MinHeldOutQuestions)
            return (false, $"only {questions} held-out questions, fewer than the {MinHeldOutQuestions} a promotion needs");
        if (evidence.Shipped is { } shipped)
        {
            var (challenger, reference) = (Mean(evidence.Challenger, shipped, first: true), Mean(evidence.Challenger, shipped, first: false));
            if (challenger < reference - ReferenceTolerance)
                return (false, FormattableString.Invariant($"utility {challenger:F4} is below the shipped classifier's {reference:F4} on the reference slice"));
        }
        if (evidence.Champion is not { } champion)
            return (true, evidence.ChampionExists ? "the champion uses another encoder" : "no champion yet");

        var gains = Gains(evidence.Challenger, champion);
        if (gains.Length == 0) return (false, "the challenger and the champion picked no model on the same held-out question");
        var confidence = Confident(gains);
        var gain = gains.Average();
        return confidence >= Confidence
            ? (true, FormattableString.Invariant($"utility gain {gain:+0.0000;-0.0000} > margin {Margin} in {confidence:P1} of {Resamples} paired resamples of {gains.Length} questions (≥ {Confidence:P0})"))
            : (false, FormattableString.Invariant($"utility gain {gain:+0.0000;-0.0000} > margin {Margin} in only {confidence:P1} of {Resamples} paired resamples of {gains.Length} questions (< {Confidence:P0})"));
    }

    /// <summary>The share of bootstrap resamples (questions drawn with replacement) whose mean gain exceeds the margin.</summary>
    private double Confident(double[] gains)
    {
        var random = new Random(20261206); // the same evidence always gives the same decision
        var above = 0;
        for (var r = 0; r < Resamples; r++)
        {
            double sum = 0;
            for (var i = 0; i < gains.Length; i++) sum += gains[random.Next(gains.Length)];
            if (sum / gains.Length > Margin) above++;
        }
        return (double)above / Resamples;
    }

    /// <summary>Challenger minus champion, on the questions where both picked a model.</summary>
    private static double[] Gains(IReadOnlyList<double> challenger, IReadOnlyList<double> champion) =>
        Enumerable.Range(0, challenger.Count).Where(i => !double.IsNaN(challenger[i]) && !double.IsNaN(champion[i]))
            .Select(i => challenger[i] - champion[i]).ToArray();

    /// <summary>The mean utility of one side on the questions where both picked a model.</summary>
    private static double Mean(IReadOnlyList<double> a, IReadOnlyList<double> b, bool first)
    {
        var both = Enumerable.Range(0, a.Count).Where(i => !double.IsNaN(a[i]) && !double.IsNaN(b[i])).ToList();
        return both.Count == 0 ? double.NaN : both.Average(i => first ? a[i] : b[i]);
    }
}
