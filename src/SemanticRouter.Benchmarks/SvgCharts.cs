using System.Globalization;
using System.Security;
using System.Text;

namespace SemanticRouter.Benchmarks;

/// <summary>Small self-contained SVG charts for the benchmark report (no library, no external fonts or CDN).</summary>
internal static class SvgCharts
{
    private const int Width = 720, Height = 420, Left = 70, Right = 30, Top = 40, Bottom = 60;
    private static readonly string[] Palette = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#718096"];

    /// <summary>Points (x, y, label); the highlighted ones are drawn larger and in the first colour.</summary>
    public static string Scatter(string title, string xLabel, string yLabel, IReadOnlyList<(double X, double Y, string Label, bool Highlight)> points)
    {
        double xMax = points.Max(p => p.X) * 1.1, yMin = Math.Floor(points.Min(p => p.Y) * 10) / 10, yMax = Math.Min(1, points.Max(p => p.Y) + 0.05);
        var svg = Begin(title);
        Axes(svg, xLabel, yLabel, 0, xMax, yMin, yMax);
        foreach (var (x, y, label, highlight) in points.OrderBy(p => p.Highlight))
        {
            var (px, py) = (MapX(x, 0, xMax), MapY(y, yMin, yMax));
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{px:F1}\" cy=\"{py:F1}\" r=\"{(highlight ? 7 : 4)}\" fill=\"{(highlight ? Palette[1] : Palette[0])}\" opacity=\"0.85\"/>");
            var left = px > Width - 160; // near the right edge the label goes to the left of its point
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(left ? px - 8 : px + 8):F1}\" y=\"{py + 4:F1}\" font-size=\"{(highlight ? 13 : 10)}\"{(left ? " text-anchor=\"end\"" : "")}{(highlight ? " font-weight=\"bold\"" : "")}>{Escape(label)}</text>");
        }
        return End(svg);
    }

    /// <summary>Grouped bars: one group per category, one bar per series.</summary>
    public static string Bars(string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Series, double[] Values)> series)
    {
        var yMax = Math.Max(1e-9, series.Max(s => s.Values.DefaultIfEmpty(0).Max())) * 1.1;
        var svg = Begin(title);
        Axes(svg, "", yLabel, 0, 1, 0, yMax, xTicks: false);
        var groupWidth = (double)(Width - Left - Right) / Math.Max(1, categories.Count);
        var barWidth = groupWidth * 0.8 / series.Count;
        for (var c = 0; c < categories.Count; c++)
        {
            for (var s = 0; s < series.Count; s++)
            {
                var value = series[s].Values[c];
                var x = Left + c * groupWidth + groupWidth * 0.1 + s * barWidth;
                var y = MapY(value, 0, yMax);
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:F1}\" y=\"{y:F1}\" width=\"{barWidth - 2:F1}\" height=\"{Height - Bottom - y:F1}\" fill=\"{Palette[s % Palette.Length]}\"/>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (c + 0.5) * groupWidth:F1}\" y=\"{Height - Bottom + 18}\" font-size=\"11\" text-anchor=\"middle\">{Escape(categories[c])}</text>");
        }
        for (var s = 0; s < series.Count; s++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left + s * 170}\" y=\"{Height - 22}\" width=\"12\" height=\"12\" fill=\"{Palette[s % Palette.Length]}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + s * 170 + 16}\" y=\"{Height - 12}\" font-size=\"11\">{Escape(series[s].Series)}</text>");
        }
        return End(svg);
    }

    private static StringBuilder Begin(string title) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\">")
        .Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        .Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"24\" font-size=\"15\" text-anchor=\"middle\" font-weight=\"bold\">{Escape(title)}</text>");

    private static string End(StringBuilder svg) => svg.Append("</svg>\n").ToString();

    private static void Axes(StringBuilder svg, string xLabel, string yLabel, double xMin, double xMax, double yMin, double yMax, bool xTicks = true)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>");
        for (var i = 0; i <= 5; i++)
        {
            var y = yMin + (yMax - yMin) * i / 5;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{MapY(y, yMin, yMax) + 4:F1}\" font-size=\"10\" text-anchor=\"end\">{y:0.##}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{MapY(y, yMin, yMax):F1}\" x2=\"{Width - Right}\" y2=\"{MapY(y, yMin, yMax):F1}\" stroke=\"#e2e8f0\"/>");
            if (!xTicks) continue;
            var x = xMin + (xMax - xMin) * i / 5;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{MapX(x, xMin, xMax):F1}\" y=\"{Height - Bottom + 16}\" font-size=\"10\" text-anchor=\"middle\">{x:0}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - Bottom + 36}\" font-size=\"12\" text-anchor=\"middle\">{Escape(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"16\" y=\"{(Top + Height - Bottom) / 2}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 16 {(Top + Height - Bottom) / 2})\">{Escape(yLabel)}</text>");
    }

    private static double MapX(double x, double min, double max) => Left + (x - min) / (max - min) * (Width - Left - Right);

    private static double MapY(double y, double min, double max) => Height - Bottom - (y - min) / (max - min) * (Height - Top - Bottom);

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
