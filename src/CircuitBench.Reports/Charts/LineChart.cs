namespace CircuitBench.Reports.Charts;

/// <summary>
/// A line chart, one line per series: faithfulness against circuit size (log x) or ROC curves (<see cref="Roc"/>).
/// Points with a non-finite coordinate, or x ≤ 0 on a log axis, are left out.
/// </summary>
public static class LineChart
{
    /// <summary>The SVG of <paramref name="series"/>; <paramref name="logX"/> puts x on a log10 axis.</summary>
    public static string Render(ChartLabels labels, IReadOnlyList<ChartSeries> series, bool logX = false, double[]? includeY = null) =>
        Draw(labels, series, logX, includeY ?? [], diagonal: false);

    /// <summary>
    /// ROC curves: false-positive rate (x) against true-positive rate (y), both on [0, 1], with the chance diagonal. Put
    /// each series' AUC in its label (e.g. <c>eap (AUC 0.736)</c>).
    /// </summary>
    public static string Roc(string title, IReadOnlyList<ChartSeries> series) =>
        Draw(new ChartLabels(title, "false-positive rate", "true-positive rate"), series, logX: false, [0, 1], diagonal: true, fixedX: true);

    private static string Draw(ChartLabels labels, IReadOnlyList<ChartSeries> series, bool logX, double[] includeY, bool diagonal, bool fixedX = false)
    {
        bool Drawable(ChartPoint p) => double.IsFinite(p.X) && double.IsFinite(p.Y) && (!logX || p.X > 0);
        var points = series.Select(s => s.Points.Where(Drawable).ToArray()).ToArray();
        var frame = new ChartFrame(labels);
        var xs = points.SelectMany(p => p).Select(p => p.X);
        var x = logX ? Scale.Logarithmic(xs, ChartFrame.Left, ChartFrame.Right)
            : Scale.Linear(fixedX ? [0, 1] : xs, ChartFrame.Left, ChartFrame.Right);
        var y = Scale.Linear(points.SelectMany(p => p).Select(p => p.Y), ChartFrame.PlotBottom, ChartFrame.Top, includeY);
        frame.Axes(x, y);
        if (diagonal) frame.Svg.Line(x.Map(0), y.Map(0), x.Map(1), y.Map(1), "#999", 1, "4 4");
        for (var i = 0; i < points.Length; i++)
        {
            var mapped = points[i].Select(p => (x.Map(p.X), y.Map(p.Y))).ToArray();
            frame.Svg.Polyline(mapped, Palette.Color(i));
            if (mapped.Length <= 12)
                foreach (var (px, py) in mapped) frame.Svg.Circle(px, py, 3, Palette.Color(i));
        }
        frame.Legend([.. series.Select(s => s.Label)]);
        return frame.ToString();
    }
}
