using System.Globalization;

namespace CircuitBench.Reports.Charts;

/// <summary>
/// Maps data values on one axis to pixels, linearly or by log10, with "nice" ticks (1, 2, 5 × 10^k on linear axes,
/// powers of ten on log axes). The domain is widened to the outer ticks.
/// </summary>
internal sealed class Scale
{
    private readonly double _low, _high, _pixelLow, _pixelHigh;

    private Scale(bool log, double low, double high, IReadOnlyList<double> ticks, double pixelLow, double pixelHigh)
    {
        (Log, _low, _high, Ticks, _pixelLow, _pixelHigh) = (log, low, high, ticks, pixelLow, pixelHigh);
    }

    /// <summary>True for a log10 axis.</summary>
    public bool Log { get; }

    /// <summary>Tick positions in data units, ascending.</summary>
    public IReadOnlyList<double> Ticks { get; }

    /// <summary>The pixel of data value <paramref name="value"/>.</summary>
    public double Map(double value)
    {
        var (v, lo, hi) = Log ? (Math.Log10(value), Math.Log10(_low), Math.Log10(_high)) : (value, _low, _high);
        return _pixelLow + (v - lo) / (hi - lo) * (_pixelHigh - _pixelLow);
    }

    /// <summary>A linear scale covering <paramref name="values"/> (finite ones), optionally forced to include <paramref name="include"/>.</summary>
    public static Scale Linear(IEnumerable<double> values, double pixelLow, double pixelHigh, params double[] include)
    {
        var finite = values.Where(double.IsFinite).Concat(include).ToArray();
        double min = finite.Length > 0 ? finite.Min() : 0, max = finite.Length > 0 ? finite.Max() : 1;
        if (max - min < 1e-12) (min, max) = (min - 0.5, max + 0.5);
        var step = NiceStep((max - min) / 5);
        var (low, high) = (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step);
        var ticks = new List<double>();
        for (var i = 0; low + i * step <= high + step * 1e-9; i++) ticks.Add(Math.Round(low + i * step, 12));
        return new Scale(false, low, high, ticks, pixelLow, pixelHigh);
    }

    /// <summary>A log10 scale over the positive finite <paramref name="values"/>, from one power of ten to the next.</summary>
    public static Scale Logarithmic(IEnumerable<double> values, double pixelLow, double pixelHigh)
    {
        var positive = values.Where(v => double.IsFinite(v) && v > 0).ToArray();
        double min = positive.Length > 0 ? positive.Min() : 1, max = positive.Length > 0 ? positive.Max() : 10;
        var (lowExponent, highExponent) = ((int)Math.Floor(Math.Log10(min) + 1e-12), (int)Math.Ceiling(Math.Log10(max) - 1e-12));
        if (highExponent == lowExponent) highExponent++;
        var ticks = Enumerable.Range(lowExponent, highExponent - lowExponent + 1).Select(e => Math.Pow(10, e)).ToArray();
        return new Scale(true, ticks[0], ticks[^1], ticks, pixelLow, pixelHigh);
    }

    /// <summary>The nearest of 1, 2, 5 × 10^k to <paramref name="rough"/> (cut-offs 1.5, 3 and 7 on the mantissa).</summary>
    public static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / magnitude;
        return (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * magnitude;
    }

    /// <summary>A tick label: compact, invariant culture (e.g. 0.5, 10, 1e-05 → 1e-5).</summary>
    public static string Label(double value) =>
        Math.Abs(value) >= 1e5 || (value != 0 && Math.Abs(value) < 1e-3)
            ? value.ToString("0.#e0", CultureInfo.InvariantCulture)
            : Math.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture);
}
