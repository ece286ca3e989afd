namespace SemanticRouter.Recording;

/// <summary>The <c>Recording</c> configuration section.</summary>
public sealed class RecordingOptions
{
    public const string Section = "Recording";

    /// <summary>The data directory (the gateway sets it from <c>Gateway:DataDir</c>).</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>A row reaches a Parquet file at most this long after it is complete.</summary>
    public double FlushIntervalSeconds { get; set; } = 5;

    /// <summary>Rows waiting for a score are written without one after this long.</summary>
    public double ScoreWaitSeconds { get; set; } = 120;

    /// <summary>
    /// When the journal reaches the disk itself, not only the OS's page cache (which is enough for a process crash):
    /// <c>never</c>; <c>interval</c>, once every <see cref="FlushIntervalSeconds"/> (power loss costs at most that
    /// long); <c>always</c>, every write before the answers it holds go out (power loss costs nothing, every write
    /// waits for the disk).
    /// </summary>
    public string Fsync { get; set; } = "never";

    /// <summary>The older switch for <c>Fsync=always</c>.</summary>
    public bool FsyncJournal { get; set; }

    public static readonly string[] FsyncPolicies = ["never", "interval", "always"];

    public bool FsyncEachWrite => FsyncJournal || Fsync == "always";

    /// <summary>Start a new journal once the current one is larger than this.</summary>
    public long JournalRotateBytes { get; set; } = 64L * 1024 * 1024;
}
