namespace CircuitBench.Reports.Charts;

/// <summary>The Okabe–Ito colour-blind-safe palette, cycled by series index.</summary>
public static class Palette
{
    private static readonly string[] Colors = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

    /// <summary>The colour of series <paramref name="index"/>.</summary>
    public static string Color(int index) => Colors[index % Colors.Length];

    /// <summary>
    /// A diverging blue–white–red colour for <paramref name="value"/> in [−1, 1] (clamped): −1 dark red, 0 white, 1 dark
    /// blue; NaN is grey.
    /// </summary>
    public static string Diverging(double value)
    {
        if (double.IsNaN(value)) return "#cccccc";
        var t = Math.Clamp(value, -1, 1);
        var (r, g, b) = t >= 0 ? Mix((255, 255, 255), (33, 102, 172), t) : Mix((255, 255, 255), (178, 24, 43), -t);
        return $"#{r:x2}{g:x2}{b:x2}";
    }

    private static (int, int, int) Mix((int R, int G, int B) from, (int R, int G, int B) to, double t) =>
        ((int)Math.Round(from.R + (to.R - from.R) * t), (int)Math.Round(from.G + (to.G - from.G) * t), (int)Math.Round(from.B + (to.B - from.B) * t));
}
