namespace CircuitBench.Reports.Charts;

/// <summary>
/// Grouped bars: one cluster per category (e.g. algorithm), one bar per group (e.g. ablation) coloured by group, the
/// value written above each bar. NaN values leave a gap labelled "n/a". The y axis always includes 0.
/// </summary>
public static class BarChart
{
    /// <summary>The SVG of <paramref name="groups"/> over <paramref name="categories"/>.</summary>
    public static string Render(ChartLabels labels, IReadOnlyList<string> categories, IReadOnlyList<BarGroup> groups)
    {
        foreach (var group in groups)
            if (group.Values.Count != categories.Count)
                throw new ArgumentException($"Bar group '{group.Label}' has {group.Values.Count} values for {categories.Count} categories.");
        var frame = new ChartFrame(labels);
        var y = Scale.Linear(groups.SelectMany(g => g.Values), ChartFrame.PlotBottom, ChartFrame.Top, 0);
        frame.Axes(null, y);
        var slot = (ChartFrame.Right - ChartFrame.Left) / Math.Max(1, categories.Count);
        var bar = slot * 0.8 / Math.Max(1, groups.Count);
        for (var c = 0; c < categories.Count; c++)
        {
            var start = ChartFrame.Left + c * slot + slot * 0.1;
            frame.Svg.Text(start + slot * 0.4, ChartFrame.PlotBottom + 16, categories[c], "middle", 11);
            for (var g = 0; g < groups.Count; g++)
            {
                var value = groups[g].Values[c];
                var left = start + g * bar;
                if (!double.IsFinite(value))
                {
                    frame.Svg.Text(left + bar / 2, y.Map(0) - 4, "n/a", "middle", 9, "#888");
                    continue;
                }
                var (top, bottom) = (Math.Min(y.Map(value), y.Map(0)), Math.Max(y.Map(value), y.Map(0)));
                frame.Svg.Rect(left, top, bar * 0.92, bottom - top, Palette.Color(g), tooltip: $"{categories[c]}, {groups[g].Label}: {Scale.Label(Math.Round(value, 3))}");
                frame.Svg.Text(left + bar * 0.46, (value >= 0 ? top - 3 : bottom + 11), Scale.Label(Math.Round(value, 3)), "middle", 9);
            }
        }
        frame.Legend([.. groups.Select(g => g.Label)]);
        return frame.ToString();
    }
}
