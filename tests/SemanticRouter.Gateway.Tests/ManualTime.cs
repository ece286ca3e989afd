namespace SemanticRouter.Gateway.Tests;

/// <summary>A clock the test moves by hand: wall time and timestamps advance together.</summary>
internal sealed class ManualTime : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 11, 22, 0, 0, 30, TimeSpan.Zero);

    public void Advance(TimeSpan by) => Now += by;

    public override DateTimeOffset GetUtcNow() => Now;
    public override long GetTimestamp() => Now.UtcTicks;
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
}
