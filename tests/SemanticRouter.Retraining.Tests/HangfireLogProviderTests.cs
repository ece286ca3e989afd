using Microsoft.Extensions.Logging;
using SemanticRouter.Retraining;
using HangfireLevel = Hangfire.Logging.LogLevel;

namespace SemanticRouter.Retraining.Tests;

public sealed class HangfireLogProviderTests
{
    [Fact]
    public void Hangfire_lines_reach_the_gateway_logs_under_their_category()
    {
        var lines = new List<string>();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new ListProvider(lines)).SetMinimumLevel(LogLevel.Trace));
        var log = new HangfireLogProvider(factory).GetLogger("Hangfire.Server.Worker");
        Assert.True(log.Log(HangfireLevel.Warn, () => "slow job"));
        Assert.Equal(["Warning Hangfire.Server.Worker: slow job"], lines);
    }

    [Fact]
    public void A_logger_asked_of_a_disposed_gateways_factory_is_quiet_instead_of_throwing()
    {
        var factory = LoggerFactory.Create(_ => { });
        var provider = new HangfireLogProvider(factory);
        factory.Dispose();
        var log = provider.GetLogger("Hangfire.InMemory.InMemoryStorage");
        Assert.False(log.Log(HangfireLevel.Error, () => "lost"));
    }

    private sealed class ListProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);
        public void Dispose() { }

        private sealed class Logger(string category, List<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Add($"{logLevel} {category}: {formatter(state, exception)}");
        }
    }
}
