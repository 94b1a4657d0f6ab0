using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// Head importance score pruning (<c>hisp</c>, Michel et al. 2019; ACDC's "16 heads" baseline): node score(s) =
/// <c>|Σ_{batch, positions} (a_s(ablated) − a_s(clean)) · ∂m/∂a_s|</c> for every head output and MLP output (and the
/// input), the gradient at the clean input; edge score(s->d) = score(s). Unsigned, so it ranks by magnitude only.
/// Differences from ACDC's script: it takes |·| per prompt before summing, normalises each layer's scores by their
/// L2 norm, and masks the q/k/v outputs of each head rather than its result; here the batch sum is inside |·|
/// and scores are not normalised, so they stay in the metric's units like every other algorithm's.
/// </summary>
public static class Hisp
{
    /// <summary>Unsigned node scores (edge scores via <see cref="NodeScores.ToEdgeScores"/>).</summary>
    public static NodeScores Run(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric, SourceActivations ablated)
    {
        var (scores, cost) = NodeAttribution.Signed(model, graph, prompts, metric, ablated);
        return new NodeScores("hisp", graph, scores.Select(Math.Abs).ToArray(), cost.Finish());
    }
}

/// <summary><c>hisp</c> in the registry (see <see cref="Hisp"/>).</summary>
internal sealed class HispAlgorithm : IAttributionAlgorithm
{
    public string Name => "hisp";

    public string Description => "head importance score pruning: |(a_ablated − a_clean) · ∂m/∂a| per head and MLP; edges take their source node's score (1 forward + 1 backward)";

    public IReadOnlyList<AlgorithmParameter> Parameters => [];

    /// <summary>False: the magnitude is taken of the dataset's attribution, and a mean of per-batch magnitudes is not that; run on one batch.</summary>
    public bool AveragesOverBatches => false;

    public AttributionScores Run(AttributionContext c) => Hisp.Run(c.Model, c.Graph, c.Prompts, c.Metric, c.Ablated).ToEdgeScores().RestrictedTo(c.Slice);
}
