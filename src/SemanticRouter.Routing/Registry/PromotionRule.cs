namespace SemanticRouter.Routing.Registry;

/// <summary>
/// When a challenger replaces the champion: <c>auto</c> promotes when there is no comparable champion, or when the
/// challenger's utility on the same held-out questions is at least the champion's plus <see cref="Margin"/>;
/// <c>always</c> and <c>never</c> do what they say. Every trainer (the CLI, the scheduled retrain, benchmarks)
/// decides here.
/// </summary>
public sealed record PromotionRule(string Mode = "auto", double Margin = 0)
{
    public static readonly string[] Modes = ["auto", "always", "never"];

    /// <param name="challengerUtility">The challenger's utility on the held-out questions.</param>
    /// <param name="championUtility">The champion's on the same questions; null when there is none or it cannot be compared.</param>
    /// <param name="championExists">Whether there is a champion at all (one on another encoder cannot be compared).</param>
    public (bool Promote, string Reason) Decide(double challengerUtility, double? championUtility, bool championExists) => Mode switch
    {
        "always" => (true, "--promote always"),
        "never" => (false, "--promote never"),
        "auto" when championUtility is not { } champion => (true, championExists ? "the champion uses another encoder" : "no champion yet"),
        "auto" when challengerUtility >= championUtility + Margin =>
            (true, FormattableString.Invariant($"utility {challengerUtility:F4} ≥ champion {championUtility:F4} + margin {Margin}")),
        "auto" => (false, FormattableString.Invariant($"utility {challengerUtility:F4} < champion {championUtility:F4} + margin {Margin}")),
        _ => throw new ArgumentException($"Unknown promotion mode '{Mode}': use auto, always or never."),
    };
}
