using System.Diagnostics;
using System.Reflection;

namespace SemanticRouter.Benchmarks.Perf;

/// <summary>
/// A process the perf run started. Disposing kills it with its children (nginx's workers), so nothing outlives
/// the run, also when it is cancelled with ctrl-c. Its output goes, line by line, to a log file and a callback.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Action<string> _onLine;

    private ChildProcess(Process process, string logPath, Action<string>? onLine)
    {
        _process = process;
        _log = new StreamWriter(logPath) { AutoFlush = true };
        _onLine = onLine ?? (_ => { });
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public Task Exited => _process.WaitForExitAsync();

    public static ChildProcess Start(ProcessStartInfo info, string logPath, Action<string>? onLine = null)
    {
        info.RedirectStandardOutput = info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process, logPath, onLine);
        process.OutputDataReceived += (_, e) => child.Write(e.Data);
        process.ErrorDataReceived += (_, e) => child.Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private bool _disposed;

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            // Output events run on the thread pool: one arriving after dispose must not throw there (that ends the process).
            if (_disposed) return;
            _log.WriteLine(line);
        }
        _onLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // never started
        }
        _process.Dispose();
        lock (_log)
        {
            _disposed = true;
            _log.Dispose();
        }
    }

    /// <summary>Runs a process to its end; cancelling kills it.</summary>
    public static async Task<(int Exit, string Output, string Errors)> RunAsync(ProcessStartInfo info, CancellationToken ct)
    {
        info.RedirectStandardOutput = info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>
    /// This program (the <c>semrouter</c> CLI, whose entry assembly this is) with other arguments: under
    /// <c>dotnet semrouter.dll</c> the host is dotnet and the first argument the assembly.
    /// </summary>
    public static ProcessStartInfo Semrouter(IEnumerable<string> args)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return info;
    }

    /// <summary>An executable on PATH, or in one of <paramref name="alsoIn"/> (nginx lives in /usr/sbin, often not on a user's PATH).</summary>
    public static string? Find(string name, params string[] alsoIn) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(alsoIn)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
