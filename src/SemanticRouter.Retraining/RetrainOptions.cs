namespace SemanticRouter.Retraining;

/// <summary>The <c>Retrain</c> configuration section: when the gateway retrains, and how it decides to promote.</summary>
public sealed class RetrainOptions
{
    public const string Section = "Retrain";

    public bool Enabled { get; set; } = true;

    /// <summary>The data directory (the gateway sets it from <c>Gateway:DataDir</c>).</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>Cron expression in Quartz's form, seconds first (<see cref="CronSchedule"/>): by default every 15 minutes.</summary>
    public string Cron { get; set; } = "0 0/15 * * * ?";

    /// <summary>Also retrain once this many new scored rows were recorded by this gateway (0: only on the schedule).</summary>
    public int NewScoredRows { get; set; } = 5000;

    /// <summary><c>auto</c>, <c>always</c> or <c>never</c>, as <c>semrouter train --promote</c>.</summary>
    public string Promote { get; set; } = "auto";

    public double Margin { get; set; }
    public int MinRowsPerModel { get; set; } = 20;

    /// <summary>Never-promoted classifier versions kept under <c>models/</c>, newest first (at least 1: the latest decision stays readable).</summary>
    public int KeepUnpromoted { get; set; } = 10;
    /// <summary>What one client rating (<c>POST /v1/feedback</c>) weighs against one evaluate score when training (0: ratings are not learned from).</summary>
    public double FeedbackWeight { get; set; } = 1;

    /// <summary>Held-out questions a promotion needs at least (<c>auto</c>).</summary>
    public int MinHeldOutQuestions { get; set; } = 50;

    /// <summary>The share of paired bootstrap resamples in which the challenger must beat the champion by the margin (<c>auto</c>).</summary>
    public double Confidence { get; set; } = 0.95;

    /// <summary>
    /// A model's drift alarm (<see cref="Recording.ScoreDrift"/>): its mean over its last <see cref="DriftRecent"/>
    /// scores fell more than <see cref="DriftDrop"/> below the mean of up to <see cref="DriftHistory"/> scores before
    /// them. Each new alarm retrains (while <see cref="Enabled"/>); <see cref="DriftDrop"/> 0 turns the watch off.
    /// </summary>
    public int DriftRecent { get; set; } = 50;
    public int DriftHistory { get; set; } = 500;
    public double DriftDrop { get; set; } = 0.1;

    /// <summary>
    /// With a PostgreSQL connection string, Hangfire keeps its jobs in that database (schema <c>hangfire</c>) and
    /// the gateways using it share them: of several gateways sharing the data directory and the database, exactly
    /// one runs each retrain. Without one, the jobs are in memory.
    /// </summary>
    public string? PostgresConnectionString { get; set; }
}
