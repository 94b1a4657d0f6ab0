using System.Globalization;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Tasks.GroundTruths;

/// <summary>
/// A reference ground truth for any small model: the edges whose single-edge activation-patching effect
/// |m(edge ablated) − m(clean)| (<see cref="ExactPatching"/>, resample ablation) exceeds a threshold, so ROC/AUC can be
/// computed where no mechanistic circuit is known. One patched forward per edge: meant for toy-sized graphs.
/// </summary>
public static class ExactPatchingReference
{
    /// <summary>The reference from already computed exact-patching <paramref name="scores"/>.</summary>
    public static GroundTruthCircuit FromScores(string model, string task, AttributionScores scores, double threshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        if (scores.Algorithm != "exact") throw new ArgumentException($"The exact-patching reference needs 'exact' scores, got '{scores.Algorithm}'.");
        var graph = scores.Graph;
        var edges = graph.Edges.Where(e => Math.Abs(scores.EdgeScores[e.Index]) > threshold)
            .Select(e => (e.Name, string.Create(CultureInfo.InvariantCulture, $"single-edge patching effect {scores.EdgeScores[e.Index]:G6}"))).ToArray();
        if (edges.Length == 0) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"No edge of {model} has a patching effect above {threshold:G6}; lower the threshold."));
        return GroundTruthCircuit.FromEdges(model, task, graph,
            string.Create(CultureInfo.InvariantCulture, $"Exact activation patching (resample ablation) of every edge; edges with |effect| > {threshold:G6}."), [], edges);
    }

    /// <summary>
    /// The reference keeping the edges whose |effect| is at least <paramref name="fraction"/> of the largest |effect|,
    /// a threshold that does not depend on the metric's scale.
    /// </summary>
    public static GroundTruthCircuit FromScoresRelative(string model, string task, AttributionScores scores, double fraction)
    {
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction of the largest effect must be in (0, 1].");
        var largest = scores.EdgeScores.Max(Math.Abs);
        if (!(largest > 0)) throw new ArgumentException($"Every edge of {model} has a zero patching effect on {task}: the model does not use its graph for this task, so no reference exists.");
        // Just below fraction·largest so that the largest edge itself is always kept (FromScores keeps |effect| > threshold).
        return FromScores(model, task, scores, Math.BitDecrement(fraction * largest));
    }

    /// <summary>Runs exact patching of every edge of <paramref name="model"/> on <paramref name="prompts"/> and keeps those above <paramref name="threshold"/>.</summary>
    public static GroundTruthCircuit Compute(string name, string task, HookedTransformer model, PromptSet prompts, Metric metric, double threshold)
    {
        var graph = CircuitGraph.FromConfig(model.Config);
        return FromScores(name, task, ExactPatching.Run(model, graph, prompts, metric), threshold);
    }
}
