using System.Globalization;
using System.Text.RegularExpressions;

namespace SemanticRouter.IntegrationTests;

/// <summary>Reads <c>/metrics</c> into samples (name, labels, value) with a parser of its own.</summary>
internal static partial class MetricsScrape
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public static async Task<List<Sample>> ReadAsync(HttpClient http) => Parse(await http.GetStringAsync("/metrics"));

    public static List<Sample> Parse(string text) =>
        text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(line =>
        {
            var m = SampleLine().Match(line);
            Assert.True(m.Success, $"not a sample line: {line}");
            var labels = LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value);
            return new Sample(m.Groups["name"].Value, labels, double.Parse(m.Groups["value"].Value.Replace("+Inf", "Infinity"), CultureInfo.InvariantCulture));
        }).ToList();

    /// <summary>The sum over samples named <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public static double Sum(this IEnumerable<Sample> samples, string name, params (string Name, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).Sum(s => s.Value);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
