namespace SemanticRouter.Routing;

/// <summary>Where the models the project ships (from the repository's <c>models/</c>) sit beside the binaries.</summary>
public static class ShippedModels
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "models");
    public static string Encoder => Path.Combine(Root, "encoder");
    public static string Classifier => Path.Combine(Root, "router");
}
