using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// Node-level attribution patching (<c>attribution-patching</c>, Nanda 2023; the seed's default algorithm):
/// node score(s) = <c>Σ_{batch, positions} (a_s(ablated) − a_s(clean)) · ∂m/∂a_s</c> at the clean input, signed, the
/// first-order estimate of <c>m(s ablated) − m(clean)</c> (one sign convention with the edge algorithms). Edge
/// score(s->d) = score(s): the node's estimate given to each of its outgoing edges. One clean forward and one backward.
/// </summary>
public static class AttributionPatching
{
    /// <summary>Signed node scores (edge scores via <see cref="NodeScores.ToEdgeScores"/>).</summary>
    public static NodeScores Run(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric, SourceActivations ablated)
    {
        var (scores, cost) = NodeAttribution.Signed(model, graph, prompts, metric, ablated);
        return new NodeScores("attribution-patching", graph, scores, cost.Finish());
    }
}

/// <summary><c>attribution-patching</c> in the registry (see <see cref="AttributionPatching"/>).</summary>
internal sealed class AttributionPatchingAlgorithm : IAttributionAlgorithm
{
    public string Name => "attribution-patching";

    public string Description => "node attribution patching: (a_ablated − a_clean) · ∂m/∂a per node, signed; edges take their source node's score (1 forward + 1 backward)";

    public IReadOnlyList<AlgorithmParameter> Parameters => [];

    public AttributionScores Run(AttributionContext c) => AttributionPatching.Run(c.Model, c.Graph, c.Prompts, c.Metric, c.Ablated).ToEdgeScores().RestrictedTo(c.Slice);
}
