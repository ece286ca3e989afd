using System.Diagnostics;

namespace SemanticRouter.IntegrationTests;

/// <summary>
/// A real PostgreSQL server for the test run: a fresh cluster in a temporary directory on a free loopback port,
/// from Debian's server binaries (<c>apt-get install postgresql</c>; .ci/run installs them). Stopped and deleted after.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _bin;
    private readonly string _dataDir;

    public PostgresServer()
    {
        _bin = BinDirectory ?? throw new InvalidOperationException("PostgreSQL server binaries are not installed.");
        _dataDir = Directory.CreateTempSubdirectory("semrouter-pg-").FullName;
        Port = CliProcess.FreePort();
        if (Environment.UserName == "root") Run("chown", "postgres:postgres", _dataDir);
        Pg("initdb", "-D", _dataDir, "-A", "trust", "-U", "postgres", "--no-sync");
        Pg("pg_ctl", "-D", _dataDir, "-l", Path.Combine(_dataDir, "server.log"), "-w",
            "-o", $"-p {Port} -k {_dataDir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /// <summary>The newest installed server's bin folder, or null when there is none.</summary>
    public static string? BinDirectory =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderByDescending(b => b).FirstOrDefault()
            : null;

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true";

    public void Dispose()
    {
        try
        {
            Pg("pg_ctl", "-D", _dataDir, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    // PostgreSQL refuses to run as root; as root, run its tools as the postgres user.
    private void Pg(string tool, params string[] args)
    {
        var path = Path.Combine(_bin, tool);
        if (Environment.UserName == "root") Run("runuser", ["-u", "postgres", "--", path, .. args]);
        else Run(path, args);
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) process.Kill();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {output.Result}{errors}");
    }
}

/// <summary>A fact that needs PostgreSQL's server binaries; without them it is skipped and says why.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.BinDirectory is null) Skip = "PostgreSQL server binaries are not installed (apt-get install postgresql; .ci/run installs them).";
    }
}
