namespace SemanticRouter.Mock;

/// <summary>The world files and question sets from <c>datasets/</c>, embedded in this assembly.</summary>
public static class EmbeddedData
{
    public static World World(string name) => Mock.World.Load(Open($"worlds/{name}.json"));

    /// <summary>A split: <c>train</c>, <c>verify</c> or <c>all</c> (both).</summary>
    public static QuestionSet Questions(string split) => split switch
    {
        "all" => QuestionSet.Concat(Questions("train"), Questions("verify")),
        "train" or "verify" => QuestionSet.Load(Open($"questions/{split}.json")),
        _ => throw new ArgumentException($"Unknown split '{split}': use train, verify or all.", nameof(split)),
    };

    private static Stream Open(string name) =>
        typeof(EmbeddedData).Assembly.GetManifestResourceStream(name)
        ?? throw new FileNotFoundException($"No embedded resource '{name}'.");
}
