using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// Everything an attribution algorithm runs on: the model and its graph, the prompts, the metric (whose
/// batch mean m the scores refer to), the ablation kind and its ablated source outputs, and the
/// algorithm's own parameters by name (see <see cref="IAttributionAlgorithm.Parameters"/>).
/// </summary>
public sealed record AttributionContext(
    HookedTransformer Model,
    CircuitGraph Graph,
    PromptSet Prompts,
    Metric Metric,
    AblationKind Ablation,
    SourceActivations Ablated,
    IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Told as a long algorithm advances (ACDC: each threshold); null: nobody listens.</summary>
    public IProgress<AttributionProgress>? Progress { get; init; }

    /// <summary>An integer parameter, or <paramref name="fallback"/> when absent; a malformed value is an error naming it.</summary>
    public int Int(string name, int fallback) => Parameters.TryGetValue(name, out var text)
        ? int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v
            : throw new ArgumentException($"Parameter '{name}' must be an integer; got '{text}'.")
        : fallback;

    /// <summary>A floating-point parameter, or <paramref name="fallback"/> when absent.</summary>
    public double Double(string name, double fallback) => Parameters.TryGetValue(name, out var text)
        ? double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v
            : throw new ArgumentException($"Parameter '{name}' must be a number; got '{text}'.")
        : fallback;
}

/// <summary>A parameter an algorithm accepts: its name, default (as text) and meaning.</summary>
public sealed record AlgorithmParameter(string Name, string Default, string Description);

/// <summary>An attribution or search algorithm: one file each, returning one signed score per edge.</summary>
public interface IAttributionAlgorithm
{
    /// <summary>The registry name (e.g. <c>eap</c>, <c>eap-ig-inputs</c>, <c>acdc</c>).</summary>
    string Name { get; }

    /// <summary>One line on what it computes.</summary>
    string Description { get; }

    /// <summary>The parameters it reads from <see cref="AttributionContext.Parameters"/>.</summary>
    IReadOnlyList<AlgorithmParameter> Parameters { get; }

    /// <summary>Scores every edge of the context's graph.</summary>
    AttributionScores Run(AttributionContext context);
}
