using System.Globalization;
using CircuitBench.Reports.Svg;

namespace CircuitBench.Reports.Charts;

/// <summary>
/// A heatmap of values in [−1, 1] (e.g. rank correlations) on a diverging scale, each cell labelled with its value (NaN:
/// grey, "n/a"), with a colour bar.
/// </summary>
public static class Heatmap
{
    private const double CellWidth = 90, CellHeight = 30, Left = 150, Top = 70;

    /// <summary>The SVG of <paramref name="values"/> (rows × columns).</summary>
    public static string Render(string title, IReadOnlyList<string> rows, IReadOnlyList<string> columns, double[,] values)
    {
        if (values.GetLength(0) != rows.Count || values.GetLength(1) != columns.Count)
            throw new ArgumentException($"A {values.GetLength(0)}×{values.GetLength(1)} matrix for {rows.Count} rows and {columns.Count} columns.");
        var width = Left + columns.Count * CellWidth + 110;
        var svg = new SvgDocument(Math.Max(width, 420), Top + rows.Count * CellHeight + 30);
        svg.Text(svg.Width / 2, 22, title, "middle", 15, bold: true);
        for (var c = 0; c < columns.Count; c++) svg.Text(Left + (c + 0.5) * CellWidth, Top - 10, columns[c], "middle", 12);
        for (var r = 0; r < rows.Count; r++)
        {
            var y = Top + r * CellHeight;
            svg.Text(Left - 8, y + CellHeight / 2 + 4, rows[r], "end", 12);
            for (var c = 0; c < columns.Count; c++)
            {
                var value = values[r, c];
                svg.Rect(Left + c * CellWidth, y, CellWidth, CellHeight, Palette.Diverging(value), "white");
                var text = double.IsNaN(value) ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture);
                svg.Text(Left + (c + 0.5) * CellWidth, y + CellHeight / 2 + 4, text, "middle", 11, Math.Abs(value) > 0.6 ? "white" : "#222");
            }
        }
        ColourBar(svg, Left + columns.Count * CellWidth + 30, Top, rows.Count * CellHeight);
        return svg.ToString();
    }

    private static void ColourBar(SvgDocument svg, double x, double top, double height)
    {
        const int Steps = 20;
        var step = Math.Max(height, 60) / Steps;
        for (var i = 0; i < Steps; i++) svg.Rect(x, top + i * step, 14, step + 0.5, Palette.Diverging(1 - 2.0 * (i + 0.5) / Steps));
        foreach (var (value, at) in new[] { ("1", 0.0), ("0", 0.5), ("−1", 1.0) }) svg.Text(x + 20, top + at * Steps * step + 4, value, size: 10);
    }
}
