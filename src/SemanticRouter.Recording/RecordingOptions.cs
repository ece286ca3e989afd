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

    /// <summary>Flush the journal to the disk itself (fsync), not only to the OS; survives power loss, costs time.</summary>
    public bool FsyncJournal { get; set; }

    /// <summary>Start a new journal once the current one is larger than this.</summary>
    public long JournalRotateBytes { get; set; } = 64L * 1024 * 1024;
}
