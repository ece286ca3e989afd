using System.Globalization;
using System.Text;

namespace SemanticRouter.Gateway.Observability;

/// <summary>
/// Writes metric families in the Prometheus text exposition format 0.0.4: <c># HELP</c>, <c># TYPE</c>, then one
/// line per sample; histograms as cumulative <c>_bucket{le=…}</c> lines ending in <c>+Inf</c>, <c>_sum</c>, <c>_count</c>.
/// </summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IEnumerable<MetricFamily> families)
    {
        var text = new StringBuilder(4096);
        foreach (var family in families)
        {
            text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Kind switch
            {
                MetricKind.Counter => "counter",
                MetricKind.Histogram => "histogram",
                _ => "gauge",
            }).Append('\n');
            foreach (var (labels, cell) in family.Samples)
            {
                if (family.Kind != MetricKind.Histogram)
                {
                    Sample(text, family.Name, labels, null, cell.Value);
                    continue;
                }
                var (cumulative, sum, count) = cell.Histogram();
                for (var i = 0; i < family.Buckets.Length; i++)
                    Sample(text, family.Name + "_bucket", labels, Number(family.Buckets[i]), cumulative[i]);
                Sample(text, family.Name + "_bucket", labels, "+Inf", count);
                Sample(text, family.Name + "_sum", labels, null, sum);
                Sample(text, family.Name + "_count", labels, null, count);
            }
        }
        return text.ToString();
    }

    private static void Sample(StringBuilder text, string name, LabelSet labels, string? le, double value)
    {
        text.Append(name);
        var first = true;
        foreach (var (label, labelValue) in labels.Pairs) Label(text, ref first, label, labelValue);
        if (le is not null) Label(text, ref first, "le", le);
        if (!first) text.Append('}');
        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static void Label(StringBuilder text, ref bool first, string name, string value)
    {
        text.Append(first ? '{' : ',').Append(name).Append("=\"").Append(EscapeLabel(value)).Append('"');
        first = false;
    }

    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        // 15 significant digits: a sum of prices like 0.001 + 0.006808 prints 0.007808, not its binary residue
        // 0.007808000000000001; a double holds 15 decimal digits exactly, so nothing a client reads is lost.
        _ => value.ToString("G15", CultureInfo.InvariantCulture),
    };

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
