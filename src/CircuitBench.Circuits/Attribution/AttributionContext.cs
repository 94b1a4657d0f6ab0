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

    /// <summary>
    /// The edges under study (an edge mask over <see cref="Graph"/>, see <see cref="GraphSlice"/>); null: every edge.
    /// Edges outside the slice are never ablated — always kept, as in the full model — and score 0. Algorithms skip
    /// them where that saves work (<c>exact</c> patches only slice edges; <c>acdc</c> tries removing only slice edges);
    /// gradient-based and node-level ones compute every score and zero the rest (<see cref="AttributionScores.RestrictedTo"/>).
    /// </summary>
    public GraphSlice? Slice { get; init; }

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

    /// <summary>The metric it is run with when the user names none (e.g. ACDC's KL); null: the caller's default.</summary>
    string? DefaultMetric => null;

    /// <summary>
    /// True when a dataset's score is the batch-size-weighted mean of per-batch scores (the score is linear in the
    /// batch-mean metric: EAP, EAP-IG, exact, …). False for searches whose decisions must see every prompt at once
    /// (ACDC): they are run on one batch.
    /// </summary>
    bool AveragesOverBatches => true;

    /// <summary>False when it never reads <see cref="AttributionContext.Ablated"/> (the random baseline): no ablated forward is run for it.</summary>
    bool ReadsAblated => true;

    /// <summary>Why it cannot run with ablation <paramref name="kind"/> (checked before any model work), or null when it can.</summary>
    string? Refuses(AblationKind kind) => null;

    /// <summary>Scores every edge of the context's graph (0 for edges outside <see cref="AttributionContext.Slice"/>, whose edges it never ablates).</summary>
    AttributionScores Run(AttributionContext context);
}
