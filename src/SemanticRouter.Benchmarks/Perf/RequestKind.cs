namespace SemanticRouter.Benchmarks.Perf;

/// <summary>
/// One kind of request the perf run measures: with an explicit model (forwarded as asked) or <c>auto</c> (the
/// gateway runs the classifier), answered as one JSON body or as a stream.
/// </summary>
public sealed record RequestKind(string Name, bool IsRouted, bool IsStream)
{
    public static readonly RequestKind Explicit = new("explicit", IsRouted: false, IsStream: false);
    public static readonly RequestKind Routed = new("routed", IsRouted: true, IsStream: false);
    public static readonly RequestKind ExplicitStream = new("explicit-stream", IsRouted: false, IsStream: true);
    public static readonly RequestKind RoutedStream = new("routed-stream", IsRouted: true, IsStream: true);

    public static IReadOnlyList<RequestKind> All { get; } = [Explicit, Routed, ExplicitStream, RoutedStream];

    public static RequestKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);
}
