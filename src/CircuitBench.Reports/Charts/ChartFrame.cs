using CircuitBench.Reports.Svg;

namespace CircuitBench.Reports.Charts;

/// <summary>The common frame of a chart: title, plot area, axes with ticks and grid, axis titles, legend on the right.</summary>
internal sealed class ChartFrame
{
    public const double Width = 640, Height = 400, Left = 64, Top = 36, Bottom = 52, LegendWidth = 170;

    public ChartFrame(ChartLabels labels)
    {
        Svg = new SvgDocument(Width, Height);
        Svg.Text(Width / 2, 22, labels.Title, "middle", 15, bold: true);
        Svg.Text((Left + Right) / 2, Height - 12, labels.X, "middle");
        Svg.Text(16, (Top + PlotBottom) / 2, labels.Y, "middle", rotate: -90);
    }

    public SvgDocument Svg { get; }

    public static double Right => Width - LegendWidth;

    public static double PlotBottom => Height - Bottom;

    /// <summary>Grid lines and tick labels of both axes (x ticks omitted when <paramref name="x"/> is null, e.g. bar charts).</summary>
    public void Axes(Scale? x, Scale y)
    {
        foreach (var tick in y.Ticks)
        {
            var py = y.Map(tick);
            Svg.Line(Left, py, Right, py, tick == 0 && !y.Log ? "#888" : "#e5e5e5");
            Svg.Text(Left - 6, py + 4, Scale.Label(tick), "end", 11);
        }
        if (x is not null)
            foreach (var tick in x.Ticks)
            {
                var px = x.Map(tick);
                Svg.Line(px, Top, px, PlotBottom, "#e5e5e5");
                Svg.Text(px, PlotBottom + 16, Scale.Label(tick), "middle", 11);
            }
        Svg.Line(Left, PlotBottom, Right, PlotBottom, "#444");
        Svg.Line(Left, Top, Left, PlotBottom, "#444");
    }

    /// <summary>The legend: one coloured swatch and label per entry.</summary>
    public void Legend(IReadOnlyList<string> labels)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            var y = Top + 8 + i * 20;
            Svg.Rect(Right + 14, y - 9, 14, 10, Palette.Color(i));
            Svg.Text(Right + 34, y, labels[i], size: 11);
        }
    }

    public override string ToString() => Svg.ToString();
}
