using Microsoft.Extensions.Logging;

namespace SemanticRouter.IntegrationTests;

/// <summary>Writes every log line (message, scopes' absence aside, and exception) to a writer a test reads.</summary>
internal sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, writer);

    public void Dispose() { }

    private sealed class Logger(string category, TextWriter writer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (writer) writer.WriteLine($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
