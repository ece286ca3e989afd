namespace SemanticRouter.Routing.Tokenization;

/// <summary>Where token ids go as they are produced; <see cref="TryAdd"/> returns false when full (truncation).</summary>
internal interface ITokenSink
{
    bool TryAdd(int id);
}

/// <summary>Ids into a caller's span, as many as fit.</summary>
internal ref struct SpanTokenSink(Span<long> destination) : ITokenSink
{
    private readonly Span<long> _destination = destination;

    public int Count { get; private set; }

    public bool TryAdd(int id)
    {
        if (Count == _destination.Length)
        {
            return false;
        }
        _destination[Count++] = id;
        return true;
    }
}

/// <summary>Ids into a list, up to a limit.</summary>
internal readonly struct ListTokenSink(List<int> ids, int limit) : ITokenSink
{
    public bool TryAdd(int id)
    {
        if (ids.Count == limit)
        {
            return false;
        }
        ids.Add(id);
        return true;
    }
}
