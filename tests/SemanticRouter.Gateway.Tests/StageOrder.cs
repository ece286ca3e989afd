using System.Reflection;
using System.Text.RegularExpressions;

namespace SemanticRouter.Gateway.Tests;

/// <summary>
/// The order of the data path's stages, and what in a source file or an assembly goes against it. A stage may use
/// the parts beside the path and the stages before it; it reaches a later stage only through an interface it owns
/// (Forward's IAnswerObserver, Shadow's IAnswerRecorder), which the composition (GatewayApp, Composition/) wires.
/// </summary>
internal static partial class StageOrder
{
    private const int Composition = int.MaxValue;

    /// <summary>Namespaces (and so folders and projects) by their place on the path; a longer prefix wins.</summary>
    private static readonly (string Namespace, int Rank, string Stage)[] Ranks =
    [
        // Beside the path: every stage may use them; they use no stage.
        ("SemanticRouter.Contracts", 0, "shared"),
        ("SemanticRouter.Gateway", 0, "shared"), // GatewayException, GatewayHeaders
        ("SemanticRouter.Gateway.Pipeline", 0, "shared"),
        ("SemanticRouter.Gateway.Protocols", 0, "shared"),
        ("SemanticRouter.Gateway.Catalog", 0, "shared"),
        ("SemanticRouter.Gateway.Health", 0, "shared"),
        ("SemanticRouter.Gateway.Observability", 0, "shared"),
        ("SemanticRouter.Gateway.Ingress", 1, "Ingress"),
        ("SemanticRouter.Gateway.Routing", 2, "Route"),
        ("SemanticRouter.Gateway.Registry", 2, "Route"),
        ("SemanticRouter.Routing", 2, "Route"),
        ("SemanticRouter.Gateway.Forwarding", 3, "Forward"),
        ("SemanticRouter.Gateway.Shadow", 4, "Shadow/Evaluate"),
        ("SemanticRouter.Gateway.Evaluation", 4, "Shadow/Evaluate"),
        ("SemanticRouter.Gateway.Recording", 5, "Record"),
        ("SemanticRouter.Recording", 5, "Record"),
        ("SemanticRouter.Training", 6, "Train"),
        ("SemanticRouter.Retraining", 6, "Train"),
        ("SemanticRouter.Gateway.Composition", Composition, "composition"),
    ];

    /// <summary>The place of a namespace of ours on the path; null for one that is not ours (System, Microsoft...).</summary>
    public static (int Rank, string Stage)? Of(string ns)
    {
        var match = Ranks.Where(r => ns == r.Namespace || ns.StartsWith(r.Namespace + ".", StringComparison.Ordinal))
            .OrderByDescending(r => r.Namespace.Length).FirstOrDefault();
        return match.Namespace is null ? null : (match.Rank, match.Stage);
    }

    /// <summary>
    /// What a gateway source file at <paramref name="path"/> (relative to src/SemanticRouter.Gateway, '/'-separated)
    /// uses that comes after its own stage: its using directives, fully qualified names, and names relative to its
    /// namespace; and a namespace that is not its folder's.
    /// </summary>
    public static IEnumerable<string> Violations(string path, string source)
    {
        var folder = Path.GetDirectoryName(path)?.Replace('\\', '/') ?? "";
        var expected = folder.Length == 0 ? "SemanticRouter.Gateway" : "SemanticRouter.Gateway." + folder.Replace('/', '.');
        var code = WithoutCommentsAndStrings(source);
        var declared = NamespaceDeclaration().Match(code);
        if (!declared.Success || declared.Groups[1].Value != expected)
            yield return $"{path}: declares namespace {(declared.Success ? declared.Groups[1].Value : "(none)")}, its folder is {expected}";
        // GatewayApp.cs is the composition root, as is Composition/: they wire every stage.
        var own = path == "GatewayApp.cs" ? (Composition, "composition") : Of(expected)!.Value;
        if (own.Item1 == Composition) yield break;
        foreach (var used in Referenced(NamespaceDeclaration().Replace(code, "")).Distinct())
        {
            if (Of(used) is not { } other || other.Rank <= own.Item1) continue;
            yield return $"{path} ({own.Item2}) uses {used} ({other.Stage}), which comes after it";
        }
    }

    private static IEnumerable<string> Referenced(string code)
    {
        foreach (Match m in UsingDirective().Matches(code)) yield return m.Groups[1].Value;
        foreach (Match m in QualifiedName().Matches(code)) yield return m.Value;
        // A name such as Forwarding.Forwarder inside namespace SemanticRouter.Gateway.X means SemanticRouter.Gateway.Forwarding.
        foreach (Match m in RelativeName().Matches(code))
        {
            var name = m.Groups[1].Value;
            if (Ranks.Any(r => r.Namespace == "SemanticRouter.Gateway." + name)) yield return "SemanticRouter.Gateway." + name;
            else if (Ranks.Any(r => r.Namespace == "SemanticRouter." + name)) yield return "SemanticRouter." + name;
        }
    }

    /// <summary>The source with comments and string and character literals blanked, so that words in them count for nothing.</summary>
    internal static string WithoutCommentsAndStrings(string source) => CommentOrLiteral().Replace(source, " ");

    /// <summary>
    /// What one of our assemblies other than the gateway references against the order: a later stage's assembly, or
    /// the serving assembly itself (only its hosts, the command line and the benchmarks, may).
    /// </summary>
    public static IEnumerable<string> LaterReferences(Assembly assembly)
    {
        var own = Of(assembly.GetName().Name!)!.Value;
        foreach (var name in assembly.GetReferencedAssemblies().Select(a => a.Name!))
        {
            if (name == "SemanticRouter.Gateway") yield return $"{assembly.GetName().Name} references the serving assembly";
            else if (Of(name) is { } other && other.Rank > own.Rank)
                yield return $"{assembly.GetName().Name} ({own.Stage}) references {name} ({other.Stage}), which comes after it";
        }
    }

    [GeneratedRegex("""(?m)^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?([A-Za-z_][\w.]*)\s*;""")]
    private static partial Regex UsingDirective();

    [GeneratedRegex("""(?m)^\s*namespace\s+([\w.]+)""")]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex("""(?<![\w.])SemanticRouter(?:\.[A-Z]\w*)+""")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("""(?<![\w.])([A-Z]\w*)\.(?=[A-Z])""")]
    private static partial Regex RelativeName();

    [GeneratedRegex(""""(?s)"""(?:.*?)"""|@"(?:[^"]|"")*"|\$?"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)+'|//[^\n]*|/\*.*?\*/"""")]
    private static partial Regex CommentOrLiteral();
}
