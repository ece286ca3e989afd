namespace SemanticRouter.Routing.Tests;

/// <summary>The repository the tests run from (its datasets, its training scripts).</summary>
internal static class Repository
{
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SemanticRouter.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("SemanticRouter.sln not found above the test binaries.");
    }
}
