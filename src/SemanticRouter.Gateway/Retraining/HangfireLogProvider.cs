using Hangfire.AspNetCore;
using Hangfire.Logging;
using Microsoft.Extensions.Logging;

namespace SemanticRouter.Gateway.Retraining;

/// <summary>
/// Hangfire's logs into the gateway's <see cref="ILoggerFactory"/> (filtered to warnings in <c>GatewayApp</c> unless
/// configured). Hangfire keeps one log provider per process while each gateway brings its own: when several gateways run
/// in one process and the latest has been disposed, Hangfire's loggers go quiet instead of throwing.
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Quiet.Instance;
        }
    }

    private sealed class Quiet : ILog
    {
        public static readonly Quiet Instance = new();
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
