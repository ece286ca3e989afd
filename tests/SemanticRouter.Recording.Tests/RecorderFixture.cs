using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace SemanticRouter.Recording.Tests;

/// <summary>A temporary data directory, recorders over it, and a DuckDB reader of what reached Parquet.</summary>
public sealed class RecorderFixture : IDisposable
{
    public string DataDir { get; } = Directory.CreateTempSubdirectory("semrouter-rec-").FullName;

    public FlywheelRecorder Recorder(Action<RecordingOptions>? configure = null)
    {
        var options = new RecordingOptions { DataDir = DataDir, FlushIntervalSeconds = 3600 };
        configure?.Invoke(options);
        return new FlywheelRecorder(Options.Create(options), NullLogger<FlywheelRecorder>.Instance);
    }

    public static FlywheelRow Row(string requestId, string model = "qwen-max", string mode = "routed", double? score = null) => new()
    {
        RequestId = requestId,
        Ts = new DateTimeOffset(2026, 11, 21, 23, 45, 0, TimeSpan.Zero),
        Mode = mode,
        Question = "求微分方程 dy/dx = x^2 + 1 的通解",
        Model = model,
        Answer = "y = x^3/3 + x + C (answered by " + model + ")",
        LatencyMs = 123.5,
        Cost = 0.001,
        Score = score,
        RouterVersion = "test",
        ChosenModel = model,
    };

    public SqlTable Query(string select) => FlywheelSql.Query(DataDir, select);

    public int Count() => int.Parse(Query("SELECT count(*) FROM ROWS")[0, 0]!);

    public void Dispose() => Directory.Delete(DataDir, recursive: true);
}
