using System.Globalization;
using System.Security;
using System.Text;

namespace GPTailor;

/// <summary>One line of a <see cref="SvgLineChart"/>: a name for the legend and its points in data units.</summary>
/// <param name="Name">The legend text.</param>
/// <param name="Points">The points, drawn in the given order; non-finite points are left out.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points);

/// <summary>
/// A small, dependency-free SVG line chart: axes with round ticks, one <c>&lt;polyline&gt;</c> per series (in series
/// order, with one vertex per finite point), a legend and a title. Used for the anytime curve of a search run
/// (<c>anytime.svg</c>) and by the search benchmark's plots.
/// </summary>
public static class SvgLineChart
{
    private const int Width = 760;
    private const int Height = 440;
    private const int Left = 64;
    private const int Right = 190;
    private const int Top = 40;
    private const int Bottom = 52;
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];

    /// <summary>Renders the chart as a standalone SVG document.</summary>
    /// <param name="title">The title above the plot.</param>
    /// <param name="xLabel">The x-axis label.</param>
    /// <param name="yLabel">The y-axis label.</param>
    /// <param name="series">The lines; each gets a colour of a fixed palette (cycled) and a legend entry.</param>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(xLabel);
        ArgumentNullException.ThrowIfNull(yLabel);
        ArgumentNullException.ThrowIfNull(series);
        var finite = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToArray();
        var (xMin, xMax) = Range(finite.Select(p => p.X));
        var (yMin, yMax) = Range(finite.Select(p => p.Y));
        var xTicks = Ticks(xMin, xMax);
        var yTicks = Ticks(yMin, yMax);
        (xMin, xMax) = (Math.Min(xMin, xTicks[0]), Math.Max(xMax, xTicks[^1]));
        (yMin, yMax) = (Math.Min(yMin, yTicks[0]), Math.Max(yMax, yTicks[^1]));
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(double x) => Left + ((x - xMin) / (xMax - xMin) * plotWidth);
        double Y(double y) => Top + plotHeight - ((y - yMin) / (yMax - yMin) * plotHeight);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>\n");
        foreach (var t in xTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(X(t))}\" y1=\"{Top}\" x2=\"{F(X(t))}\" y2=\"{Top + plotHeight}\" stroke=\"#e5e5e5\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(t))}\" y=\"{Top + plotHeight + 16}\" text-anchor=\"middle\">{Label(t)}</text>\n");
        }

        foreach (var t in yTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(Y(t))}\" x2=\"{Left + plotWidth}\" y2=\"{F(Y(t))}\" stroke=\"#e5e5e5\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Y(t) + 4)}\" text-anchor=\"end\">{Label(t)}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#333\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 12}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"16\" y=\"{Top + (plotHeight / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {Top + (plotHeight / 2)})\">{Escape(yLabel)}</text>\n");
        for (var i = 0; i < series.Count; i++)
        {
            var colour = Palette[i % Palette.Length];
            var points = series[i].Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).Select(p => $"{F(X(p.X))},{F(Y(p.Y))}");
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', points)}\"><title>{Escape(series[i].Name)}</title></polyline>\n");
            var legendY = Top + 10 + (i * 18);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Width - Right + 12}\" y1=\"{legendY}\" x2=\"{Width - Right + 36}\" y2=\"{legendY}\" stroke=\"{colour}\" stroke-width=\"3\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 42}\" y=\"{legendY + 4}\">{Escape(series[i].Name)}</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static (double Min, double Max) Range(IEnumerable<double> values)
    {
        var list = values.ToArray();
        if (list.Length == 0)
        {
            return (0, 1);
        }

        var (min, max) = (list.Min(), list.Max());
        return max > min ? (min, max) : (min - 0.5, max + 0.5);
    }

    /// <summary>About five round ticks (1, 2 or 5 × 10^k apart) covering [min, max].</summary>
    private static double[] Ticks(double min, double max)
    {
        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw);
        var first = Math.Floor(min / step) * step;
        var ticks = new List<double>();
        for (var t = first; t < max + (step / 2); t += step)
        {
            ticks.Add(Math.Round(t / step) * step);
        }

        return ticks.Count >= 2 ? [.. ticks] : [first, first + step];
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Label(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text);
}
