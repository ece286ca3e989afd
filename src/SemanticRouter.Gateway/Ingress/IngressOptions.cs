using SemanticRouter.Contracts;

namespace SemanticRouter.Gateway.Ingress;

/// <summary>What Ingress accepts: the request limits, read from the <c>Gateway</c> section.</summary>
internal sealed class IngressOptions
{
    public const string Section = "Gateway";

    /// <summary>Larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;
    public int MaxJsonDepth { get; set; } = 64;
    public int MaxMessages { get; set; } = 2048;

    /// <summary>The longest text one message may carry, in characters.</summary>
    public int MaxContentChars { get; set; } = 1024 * 1024;

    /// <summary>
    /// On a graceful stop (SIGTERM), how long answers in flight may still take; new connections are refused meanwhile,
    /// and the flywheel drains after (<c>Shadow:DrainSeconds</c>).
    /// </summary>
    public double ShutdownSeconds { get; set; } = 30;

    /// <summary>Log one line per request (category <c>SemanticRouter.AccessLog</c>).</summary>
    public bool AccessLog { get; set; } = true;

    public RequestLimits RequestLimits() => new(MaxJsonDepth, MaxMessages, MaxContentChars);
}
