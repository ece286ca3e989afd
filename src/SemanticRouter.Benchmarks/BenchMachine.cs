namespace SemanticRouter.Benchmarks;

/// <summary>The line every benchmark report states about the machine it ran on.</summary>
public static class BenchMachine
{
    public static string Description => $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
}
