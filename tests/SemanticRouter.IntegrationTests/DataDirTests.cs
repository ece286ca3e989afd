using System.Runtime.Versioning;

namespace SemanticRouter.IntegrationTests;

/// <summary>The data directory holds users' questions and answers: what the gateway creates there is its owner's alone.</summary>
[UnsupportedOSPlatform("windows")] // Unix file modes
public sealed class DataDirTests
{
    [Fact]
    public async Task The_data_directory_is_created_0700_and_the_journal_and_staged_rows_0600()
    {
        var parent = Directory.CreateTempSubdirectory("semrouter-mode-").FullName;
        var dataDir = Path.Combine(parent, "data");
        try
        {
            await using var servers = await TestServers.StartAsync(settings: new Dictionary<string, string?>
            {
                ["Gateway:DataDir"] = dataDir,
                ["Recording:FlushIntervalSeconds"] = "3600", // the row stays staged
            });
            using (var response = await servers.Http.PostChatAsync(Json.Chat("qwen-max", "hello")))
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dataDir));
            // The row is staged once its score is in (scoring runs in the background).
            List<string> Files() => Directory.EnumerateFiles(Path.Combine(dataDir, "journal"))
                .Concat(Directory.EnumerateFiles(Path.Combine(dataDir, "flywheel", ".tmp"))).ToList();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Files().Count < 2 && DateTime.UtcNow < deadline) await Task.Delay(100);
            var files = Files();
            Assert.True(files.Count == 2, string.Join(", ", Directory.EnumerateFileSystemEntries(dataDir, "*", SearchOption.AllDirectories)));
            Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task A_read_only_data_directory_stops_serve_with_one_clear_line_on_stderr_and_a_non_zero_exit()
    {
        var parent = Directory.CreateTempSubdirectory("semrouter-ro-").FullName;
        var dataDir = Path.Combine(parent, "data");
        Directory.CreateDirectory(dataDir);
        File.SetUnixFileMode(dataDir, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var mounted = false;
        try
        {
            if (Writable(dataDir))
            {
                // Root writes through mode 0500: a read-only tmpfs over the directory, or else a path under a plain file.
                mounted = Shell.Try($"mount -t tmpfs -o ro,size=64k semrouter-ro '{dataDir}'").Exit == 0;
                if (!mounted)
                {
                    File.WriteAllText(Path.Combine(parent, "file"), "");
                    dataDir = Path.Combine(parent, "file", "data");
                }
            }
            Assert.False(Writable(dataDir));

            var (exit, stdout, stderr) = await CliProcess.RunAsync("serve", "--urls", "http://127.0.0.1:0", "--data-dir", dataDir);

            Assert.NotEqual(0, exit);
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(lines.Length == 1, $"stderr:\n{stderr}\nstdout:\n{stdout}");
            Assert.Contains($"data directory {dataDir} is not writable", lines[0]);
        }
        finally
        {
            if (mounted) Shell.Try($"umount '{Path.Combine(parent, "data")}'");
            File.SetUnixFileMode(Path.Combine(parent, "data"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.Delete(parent, recursive: true);
        }
    }

    private static bool Writable(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
            File.Delete(Path.Combine(dir, "probe"));
            File.WriteAllText(Path.Combine(dir, "probe"), "");
            File.Delete(Path.Combine(dir, "probe"));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
