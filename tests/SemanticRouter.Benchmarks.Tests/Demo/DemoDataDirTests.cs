using SemanticRouter.Benchmarks.Demo;

namespace SemanticRouter.Benchmarks.Tests.Demo;

public sealed class DemoDataDirTests : IDisposable
{
    private readonly string _parent = Directory.CreateTempSubdirectory("semrouter-demodir-").FullName;

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    [Fact]
    public void A_missing_or_empty_folder_may_be_used()
    {
        Assert.Null(DemoDataDir.WhyNotEmpty(Path.Combine(_parent, "missing"), force: false));
        Assert.Null(DemoDataDir.WhyNotEmpty(Directory.CreateDirectory(Path.Combine(_parent, "empty")).FullName, force: false));
    }

    [Fact]
    public void What_a_demo_run_left_may_be_emptied_again()
    {
        var dir = Path.Combine(_parent, "demo");
        DemoDataDir.Prepare(dir);
        foreach (var folder in new[] { "flywheel", "journal", "models", "cache", "bench-before", "bench-after" }) Directory.CreateDirectory(Path.Combine(dir, folder));

        Assert.Null(DemoDataDir.WhyNotEmpty(dir, force: false));
    }

    [Fact]
    public void A_folder_the_demo_did_not_make_or_anything_added_to_one_it_made_is_refused_unless_forced()
    {
        var serve = Directory.CreateDirectory(Path.Combine(_parent, "data")).FullName;
        Directory.CreateDirectory(Path.Combine(serve, "flywheel")); // what serve records looks like the demo's, but has no marker
        Assert.Contains("the demo did not make it (it holds flywheel)", DemoDataDir.WhyNotEmpty(serve, force: false));
        Assert.Null(DemoDataDir.WhyNotEmpty(serve, force: true));

        var demo = Path.Combine(_parent, "demo");
        DemoDataDir.Prepare(demo);
        File.WriteAllText(Path.Combine(demo, "notes.txt"), "mine");
        Assert.Contains("holds what the demo did not make (notes.txt)", DemoDataDir.WhyNotEmpty(demo, force: false));
    }
}
