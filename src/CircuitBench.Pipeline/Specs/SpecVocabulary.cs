using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;

namespace CircuitBench.Pipeline.Specs;

/// <summary>The values a spec may name: algorithms, ablations, metrics, levels, devices and tasks.</summary>
public sealed record SpecVocabulary(IReadOnlyList<string> Tasks)
{
    /// <summary>Registered attribution algorithms.</summary>
    public static IReadOnlyList<string> Algorithms => [.. AlgorithmRegistry.All.Select(a => a.Name)];

    /// <summary>Ablation kinds.</summary>
    public static IReadOnlyList<string> Ablations => Ablation.Names;

    /// <summary>Metrics.</summary>
    public static IReadOnlyList<string> Metrics => [.. MetricRegistry.Metrics.Select(m => m.Name)];

    /// <summary>Score levels of a run: one score per edge, or per source node.</summary>
    public static IReadOnlyList<string> Levels { get; } = ["edge", "node"];

    /// <summary>Devices (CircuitBench computes on the CPU only).</summary>
    public static IReadOnlyList<string> Devices { get; } = ["cpu"];
}
