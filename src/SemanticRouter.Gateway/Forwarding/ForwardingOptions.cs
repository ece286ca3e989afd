namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// How Forward deals with an upstream that fails, from the <c>Resilience</c> section (and
/// <see cref="MaxCapturedAnswerBytes"/> from <c>Gateway</c>). Retries happen only before the first byte has gone to
/// the client; a routed request then falls back to the next-best model.
/// </summary>
internal sealed class ForwardingOptions
{
    public const string Section = "Resilience";

    /// <summary>Retries after the first attempt, on connect errors, 5xx and 429.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>The first retry's delay; later ones double it, with jitter.</summary>
    public int RetryDelayMs { get; set; } = 100;

    /// <summary>How many other models a routed request may fall back to, best utility first.</summary>
    public int MaxFallbacks { get; set; } = 2;

    /// <summary><c>Gateway:MaxCapturedAnswerBytes</c>: how much of each answer is kept for the flywheel; longer answers are not scored.</summary>
    public long MaxCapturedAnswerBytes { get; set; } = 1024 * 1024;
}
