namespace CircuitBench.Reports.Charts;

/// <summary>A data point.</summary>
public readonly record struct ChartPoint(double X, double Y);

/// <summary>A named line of points (non-finite points are skipped when drawn).</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<ChartPoint> Points);

/// <summary>A named group of bars, one value per category (NaN: no bar).</summary>
public sealed record BarGroup(string Label, IReadOnlyList<double> Values);

/// <summary>Axis titles and the chart title.</summary>
public sealed record ChartLabels(string Title, string X, string Y);
