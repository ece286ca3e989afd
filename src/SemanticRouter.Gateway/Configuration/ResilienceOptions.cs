namespace SemanticRouter.Gateway.Configuration;

/// <summary>
/// The <c>Resilience</c> section: what the gateway does when an upstream model fails. Retries happen only before
/// the first byte has gone to the client; a routed request then falls back to the next-best model.
/// </summary>
public sealed class ResilienceOptions
{
    public const string Section = "Resilience";

    /// <summary>Retries after the first attempt, on connect errors, 5xx and 429.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>The first retry's delay; later ones double it, with jitter.</summary>
    public int RetryDelayMs { get; set; } = 100;

    /// <summary>How many other models a routed request may fall back to, best utility first.</summary>
    public int MaxFallbacks { get; set; } = 2;

    /// <summary>The circuit opens when this share of calls failed within the sampling window...</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>...and at least this many calls were made in it.</summary>
    public int BreakerMinimumThroughput { get; set; } = 5;

    public int BreakerSamplingSeconds { get; set; } = 30;

    /// <summary>How long an open circuit skips the model before one probe request is let through.</summary>
    public int BreakerBreakSeconds { get; set; } = 15;
}
