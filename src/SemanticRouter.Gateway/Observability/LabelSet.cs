namespace SemanticRouter.Gateway.Observability;

/// <summary>
/// The labels of one sample, in the order the instrument was given them (the gateway always passes them in
/// the same order). Up to three labels are held inline, so recording a measurement allocates nothing new.
/// </summary>
internal readonly record struct LabelSet(
    string? Name1, string? Value1, string? Name2, string? Value2, string? Name3, string? Value3)
{
    public static LabelSet From(ReadOnlySpan<KeyValuePair<string, object?>> tags) => tags.Length switch
    {
        0 => default,
        1 => new(tags[0].Key, Text(tags[0].Value), null, null, null, null),
        2 => new(tags[0].Key, Text(tags[0].Value), tags[1].Key, Text(tags[1].Value), null, null),
        _ => new(tags[0].Key, Text(tags[0].Value), tags[1].Key, Text(tags[1].Value), tags[2].Key, Text(tags[2].Value)),
    };

    public IEnumerable<(string Name, string Value)> Pairs
    {
        get
        {
            if (Name1 is not null) yield return (Name1, Value1 ?? "");
            if (Name2 is not null) yield return (Name2, Value2 ?? "");
            if (Name3 is not null) yield return (Name3, Value3 ?? "");
        }
    }

    public string? this[string name] => Pairs.Where(p => p.Name == name).Select(p => p.Value).FirstOrDefault();

    public override string ToString() => string.Join(",", Pairs.Select(p => $"{p.Name}={p.Value}"));

    private static string Text(object? value) => value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
