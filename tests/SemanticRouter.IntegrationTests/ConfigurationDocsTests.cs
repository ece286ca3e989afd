using System.Reflection;
using SemanticRouter.Gateway.Routing;
using SemanticRouter.Recording;
using SemanticRouter.Retraining;

namespace SemanticRouter.IntegrationTests;

/// <summary>
/// Every setting an options class binds is in the configuration reference (README.md or docs/configuration.md), as
/// `Key` or `.Key` (a per-model or per-key setting), so a new key cannot ship undocumented.
/// </summary>
public sealed class ConfigurationDocsTests
{
    [Fact]
    public void Every_configuration_key_is_documented() => Assert.Empty(UndocumentedKeys(Reference()));

    [Fact]
    public void A_key_missing_from_the_reference_is_found() =>
        Assert.Equal(["MaxCapturedAnswerBytes"], UndocumentedKeys(Reference().Replace("`MaxCapturedAnswerBytes`", "")));

    private static string Reference()
    {
        var root = IndependentReaderTests.RepoRoot();
        return File.ReadAllText(Path.Combine(root, "README.md")) + File.ReadAllText(Path.Combine(root, "docs", "configuration.md"));
    }

    /// <summary>The settable properties of the gateway's, recording's and retraining's options classes the text does not name.</summary>
    internal static List<string> UndocumentedKeys(string reference) =>
        new[] { typeof(RoutingOptions).Assembly, typeof(RecordingOptions).Assembly, typeof(RetrainOptions).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type.IsClass && type.Name.EndsWith("Options", StringComparison.Ordinal))
            .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(property => property.SetMethod?.IsPublic == true)
            .Select(property => property.Name)
            .Distinct()
            .Where(name => !reference.Contains($"`{name}`") && !reference.Contains($".{name}`"))
            .Order()
            .ToList();
}
