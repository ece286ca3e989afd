using System.Reflection;

namespace SemanticRouter.Gateway.Tests;

/// <summary>The stages depend one way, Ingress → Route → Forward → Shadow/Evaluate → Record: none imports a later one.</summary>
public sealed class StageOrderTests
{
    private static readonly string GatewaySources = Path.Combine(RepoRoot(), "src", "SemanticRouter.Gateway");

    [Fact]
    public void No_gateway_source_file_uses_a_stage_that_comes_after_its_own()
    {
        var files = Directory.EnumerateFiles(GatewaySources, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(GatewaySources, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 50, $"only {files.Count} source files under {GatewaySources}");
        var violations = files.SelectMany(f => StageOrder.Violations(f, File.ReadAllText(Path.Combine(GatewaySources, f)))).ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Theory]
    [InlineData("using SemanticRouter.Gateway.Forwarding;")]
    [InlineData("using Fwd = SemanticRouter.Gateway.Forwarding.Forwarder;")]
    [InlineData("using SemanticRouter.Recording;")]
    [InlineData("class C { SemanticRouter.Gateway.Shadow.Flywheel? f; }")]
    [InlineData("class C { Forwarding.Forwarder? f; }")]
    [InlineData("class C { Composition.GatewayStatus? s; }")]
    public void A_later_stage_used_by_an_earlier_one_is_found_however_it_is_named(string use)
    {
        var source = $"{use}\nnamespace SemanticRouter.Gateway.Ingress;\n";
        Assert.Single(StageOrder.Violations("Ingress/ChatCompletions.cs", source));
    }

    [Theory]
    [InlineData("Forwarding/ForwardStage.cs", "using SemanticRouter.Gateway.Routing;\nnamespace SemanticRouter.Gateway.Forwarding;")]
    [InlineData("Shadow/Flywheel.cs", "using SemanticRouter.Gateway.Forwarding;\nusing SemanticRouter.Gateway.Evaluation;\nnamespace SemanticRouter.Gateway.Shadow;")]
    [InlineData("Ingress/X.cs", "// using SemanticRouter.Gateway.Forwarding;\nnamespace SemanticRouter.Gateway.Ingress;\nclass X { string s = \"Forwarding.Forwarder\"; }")]
    [InlineData("GatewayApp.cs", "using SemanticRouter.Gateway.Shadow;\nnamespace SemanticRouter.Gateway;")]
    public void Earlier_and_same_stages_and_words_in_comments_or_strings_are_not_violations(string path, string source) =>
        Assert.Empty(StageOrder.Violations(path, source));

    [Fact]
    public void A_file_outside_its_folders_namespace_is_found() =>
        Assert.Single(StageOrder.Violations("Ingress/X.cs", "namespace SemanticRouter.Gateway.Shadow;"));

    [Fact]
    public void A_shared_part_that_uses_a_stage_is_found() =>
        Assert.Single(StageOrder.Violations("Observability/X.cs", "using SemanticRouter.Gateway.Registry;\nnamespace SemanticRouter.Gateway.Observability;"));

    [Theory]
    [InlineData("SemanticRouter.Contracts")]
    [InlineData("SemanticRouter.Routing")]
    [InlineData("SemanticRouter.Recording")]
    [InlineData("SemanticRouter.Training")]
    [InlineData("SemanticRouter.Retraining")]
    public void No_stage_project_references_a_later_one_or_the_serving_assembly(string project)
    {
        var violations = StageOrder.LaterReferences(Assembly.Load(project)).ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SemanticRouter.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No SemanticRouter.sln above {AppContext.BaseDirectory}");
    }
}
