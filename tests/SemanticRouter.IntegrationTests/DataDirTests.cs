namespace SemanticRouter.IntegrationTests;

/// <summary>The data directory holds users' questions and answers: what the gateway creates there is its owner's alone.</summary>
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
}
