namespace SemanticRouter.Gateway.Health;

/// <summary>When a model's circuit opens and for how long, from the <c>Resilience</c> section.</summary>
internal sealed class HealthOptions
{
    public const string Section = "Resilience";

    /// <summary>The circuit opens when this share of calls failed within the sampling window...</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>...and at least this many calls were made in it.</summary>
    public int BreakerMinimumThroughput { get; set; } = 5;

    public int BreakerSamplingSeconds { get; set; } = 30;

    /// <summary>How long an open circuit skips the model before one probe request is let through.</summary>
    public int BreakerBreakSeconds { get; set; } = 15;
}
