using Hangfire.AspNetCore;
using Hangfire.Logging;
using Microsoft.Extensions.Logging;

namespace SemanticRouter.Retraining;

/// <summary>
/// Hangfire's logs into the gateway's <see cref="ILoggerFactory"/> (filtered to warnings in <c>GatewayApp</c> unless
/// configured). Hangfire keeps one log provider per process, the latest gateway's: when several gateways run in one
/// process (tests) and that one is gone, a logger Hangfire creates then (InMemoryStorage makes one in its constructor)
/// is quiet instead of an <see cref="ObjectDisposedException"/> that would stop the other gateway.
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
