namespace CircuitBench.Models.Training;

/// <summary>A named scalar result of an evaluation.</summary>
/// <param name="Name">snake_case name, e.g. <c>repeated_half_loss</c>.</param>
/// <param name="Value">The value.</param>
/// <param name="Description">What it measures, in one line.</param>
public sealed record EvaluationMetric(string Name, double Value, string Description);

/// <summary>What a trained toy model learned: task metrics and, for attention studies, per-head attention scores.</summary>
/// <param name="Metrics">Task metrics, in report order.</param>
/// <param name="Heads">Per-head scores (layer-major), empty when the task does not compute them.</param>
public sealed record TaskEvaluation(IReadOnlyList<EvaluationMetric> Metrics, IReadOnlyList<HeadScore> Heads)
{
    /// <summary>The metric called <paramref name="name"/>.</summary>
    public double this[string name] => Metrics.FirstOrDefault(m => m.Name == name)?.Value
        ?? throw new KeyNotFoundException($"No metric '{name}'; metrics: {string.Join(", ", Metrics.Select(m => m.Name))}.");
}
