using System.Runtime.CompilerServices;

namespace SemanticRouter.IntegrationTests;

internal static class CrashLog
{
    [ModuleInitializer]
    internal static void Init() => AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        File.AppendAllText("/tmp/unhandled.txt", $"{DateTime.UtcNow:O} {e.ExceptionObject}\n\n");
}
