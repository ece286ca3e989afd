using System.Diagnostics;

namespace SemanticRouter.IntegrationTests;

/// <summary>Runs a shell command (mount, umount) and returns its exit code and standard error.</summary>
internal static class Shell
{
    public static (int Exit, string Error) Try(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("sh", ["-c", command]) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Trim());
    }
}
