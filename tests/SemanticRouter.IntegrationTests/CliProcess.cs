using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SemanticRouter.IntegrationTests;

/// <summary>Runs the built <c>semrouter</c> executable as its own process.</summary>
internal static partial class CliProcess
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "semrouter.dll");

    public static Process Start(params string[] args) => Start(null, args);

    public static Process Start(IDictionary<string, string>? environment, params string[] args) => Start(environment, null, args);

    /// <summary>Starts the CLI; each line it writes on stdout goes to <paramref name="output"/> when given.</summary>
    public static Process Start(IDictionary<string, string>? environment, Action<string>? output, params string[] args) =>
        Start(Info(null, args), environment, output);

    /// <summary>How to run the CLI: the test's own build through <c>dotnet</c>, or another <paramref name="executable"/> (a publish output's).</summary>
    private static ProcessStartInfo Info(string? executable, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(executable ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (executable is null) info.ArgumentList.Add(Cli);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return info;
    }

    private static Process Start(ProcessStartInfo info, IDictionary<string, string>? environment, Action<string>? output)
    {
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var process = Process.Start(info)!;
        // Drain the pipes so a chatty process never blocks on a full pipe.
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) output?.Invoke(e.Data);
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task<(int Exit, string Output)> RunToEndAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(args);
        return (exit, stdout + stderr);
    }

    /// <summary>Runs the CLI to its end (3 minutes at most) and returns its exit code, standard output and standard error.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var process = Process.Start(Info(null, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A serve process on a free port with the given flags, once it answers /healthz.</summary>
    public static Task<(Process Process, HttpClient Http)> StartServeAsync(params string[] args) => StartServeAsync(null, args);

    public static Task<(Process Process, HttpClient Http)> StartServeAsync(IDictionary<string, string>? environment, params string[] args) =>
        StartServeAsync(environment, null, args);

    public static Task<(Process Process, HttpClient Http)> StartServeAsync(IDictionary<string, string>? environment, Action<string>? output,
        params string[] args) => ServeAsync(null, environment, output, args);

    /// <summary><c>serve</c> from another executable than the test's build (a publish output's <c>semrouter</c>), once it answers /healthz.</summary>
    public static Task<(Process Process, HttpClient Http)> StartPublishedServeAsync(string executable, params string[] args) => ServeAsync(executable, null, null, args);

    private static async Task<(Process Process, HttpClient Http)> ServeAsync(string? executable, IDictionary<string, string>? environment,
        Action<string>? output, string[] args)
    {
        var port = FreePort();
        var process = Start(Info(executable, ["serve", "--urls", $"http://127.0.0.1:{port}", .. args]), environment, output);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, "serve exited early");
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) return (process, http);
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("serve did not become healthy within 60 s");
    }

    /// <summary>SIGTERM: the graceful stop a service manager sends.</summary>
    public static void Terminate(Process process) => Assert.Equal(0, Kill(process.Id, 15));

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
