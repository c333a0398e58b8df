using System.Globalization;
using System.Text;

namespace EdgeLstm.Trainer.Reporting;

/// <summary>Draws simple line charts and histograms as standalone SVG (no plotting library is available offline).</summary>
internal sealed class SvgChart
{
    private const int Width = 640;
    private const int Height = 400;
    private const int Left = 60;
    private const int Right = 20;
    private const int Top = 40;
    private const int Bottom = 50;
    private static readonly string[] s_colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];
    private readonly List<(string Name, IReadOnlyList<(double X, double Y)> Points, bool Bars)> _series = [];
    private readonly string _title;
    private readonly string _xLabel;
    private readonly string _yLabel;

    /// <summary>Initializes an empty chart.</summary>
    public SvgChart(string title, string xLabel, string yLabel)
    {
        _title = title;
        _xLabel = xLabel;
        _yLabel = yLabel;
    }

    /// <summary>Gets or sets the fixed x range; null fits the data.</summary>
    public (double Min, double Max)? XRange { get; set; }

    /// <summary>Gets or sets the fixed y range; null fits the data.</summary>
    public (double Min, double Max)? YRange { get; set; }

    /// <summary>Adds a line series.</summary>
    public SvgChart Line(string name, IReadOnlyList<(double X, double Y)> points)
    {
        _series.Add((name, points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList(), false));
        return this;
    }

    /// <summary>Adds a step-shaped histogram series (x = bin start, y = density).</summary>
    public SvgChart Histogram(string name, IReadOnlyList<(double X, double Y)> bins)
    {
        _series.Add((name, bins, true));
        return this;
    }

    /// <summary>Renders the chart as an SVG document.</summary>
    public string Render()
    {
        IEnumerable<(double X, double Y)> all = _series.SelectMany(s => s.Points);
        (double xMin, double xMax) = XRange ?? Extent(all.Select(p => p.X));
        (double yMin, double yMax) = YRange ?? Extent(all.Select(p => p.Y).Append(0));
        double plotWidth = Width - Left - Right;
        double plotHeight = Height - Top - Bottom;
        string X(double x) => F(Left + ((x - xMin) / (xMax - xMin) * plotWidth));
        string Y(double y) => F(Top + plotHeight - ((y - yMin) / (yMax - yMin) * plotHeight));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"20\" text-anchor=\"middle\" font-size=\"15\">{Escape(_title)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{F(plotWidth)}\" height=\"{F(plotHeight)}\" fill=\"none\" stroke=\"#444\"/>\n");
        for (int tick = 0; tick <= 4; tick++)
        {
            double xv = xMin + ((xMax - xMin) * tick / 4);
            double yv = yMin + ((yMax - yMin) * tick / 4);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(xv)}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{F3(xv)}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(yv)}\" text-anchor=\"end\" dominant-baseline=\"middle\">{F3(yv)}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height - 12}\" text-anchor=\"middle\">{Escape(_xLabel)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{Height / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Height / 2})\">{Escape(_yLabel)}</text>\n");
        for (int s = 0; s < _series.Count; s++)
        {
            (string name, IReadOnlyList<(double X, double Y)> points, bool bars) = _series[s];
            string colour = s_colours[s % s_colours.Length];
            IEnumerable<string> path = bars
                ? points.SelectMany((p, i) => new[] { $"{X(p.X)},{Y(p.Y)}", $"{X(i + 1 < points.Count ? points[i + 1].X : xMax)},{Y(p.Y)}" })
                : points.Select(p => $"{X(p.X)},{Y(p.Y)}");
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', path)}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + 10}\" y=\"{Top + 16 + (s * 16)}\" fill=\"{colour}\">{Escape(name)}</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static (double Min, double Max) Extent(IEnumerable<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        if (!double.IsFinite(min))
        {
            return (0, 1);
        }

        return max > min ? (min, max) : (min - 0.5, max + 0.5);
    }

    private static string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static string F3(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
