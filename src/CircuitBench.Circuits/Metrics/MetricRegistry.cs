namespace CircuitBench.Circuits.Metrics;

/// <summary>The metrics by name.</summary>
public static class MetricRegistry
{
    private static readonly Metric[] All =
    [
        new LogitDifference(), new ProbabilityDifference(), new AnswerLogProbability(), new AnswerCrossEntropy(),
        new KlDivergenceMetric(), new KlDivergenceMetric(allPositions: true),
    ];

    /// <summary>Every metric.</summary>
    public static IReadOnlyList<Metric> Metrics => All;

    /// <summary>The metric called <paramref name="name"/>; unknown names give an error listing the known ones.</summary>
    public static Metric Get(string name) => All.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"Unknown metric '{name}'; use one of: {string.Join(", ", All.Select(m => m.Name))}.");
}
