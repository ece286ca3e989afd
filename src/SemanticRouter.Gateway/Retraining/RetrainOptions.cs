namespace SemanticRouter.Gateway.Retraining;

/// <summary>The <c>Retrain</c> configuration section: when the gateway retrains, and how it decides to promote.</summary>
public sealed class RetrainOptions
{
    public const string Section = "Retrain";

    public bool Enabled { get; set; } = true;

    /// <summary>Quartz cron expression (seconds first): by default every 15 minutes.</summary>
    public string Cron { get; set; } = "0 0/15 * * * ?";

    /// <summary>Also retrain once this many new scored rows were recorded by this gateway (0: only on the schedule).</summary>
    public int NewScoredRows { get; set; } = 5000;

    /// <summary><c>auto</c>, <c>always</c> or <c>never</c>, as <c>semrouter train --promote</c>.</summary>
    public string Promote { get; set; } = "auto";

    public double Margin { get; set; }
    public int MinRowsPerModel { get; set; } = 20;

    /// <summary>
    /// With a PostgreSQL connection string, Quartz keeps its schedule in that database and clusters: of several
    /// gateways sharing the data directory and the database, exactly one runs each retrain. Without one, the
    /// schedule is in memory.
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    public string SchedulerName { get; set; } = "semantic-router";
}
