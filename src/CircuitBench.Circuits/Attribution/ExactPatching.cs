using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// Activation patching of every edge (<c>exact</c>): <c>score(s->d) = m(s->d ablated) − m(clean)</c>, one
/// patched forward per edge — the quantity EAP approximates to first order, and the reference the
/// approximations are judged by.
/// </summary>
public static class ExactPatching
{
    /// <summary>Scores every edge (or the edges <paramref name="only"/> selects; others score 0).</summary>
    public static AttributionScores Run(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric,
        SourceActivations? ablated = null, Func<Edge, bool>? only = null)
    {
        using var _ = GradTape.NoGrad();
        var cost = new CostMeter();
        if (ablated is null)
        {
            ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted ?? throw new ArgumentException("Exact patching with resample ablation needs corrupted prompts."));
            cost.Forwards++;
        }
        var cleanLogits = model.Forward(prompts.Clean);
        cost.Forwards++;
        var baseline = metric.Mean(cleanLogits, prompts, cleanLogits).Item();
        var weights = Tensor.Ones(graph.Sources.Count, graph.Destinations.Count);
        var scores = new double[graph.Edges.Count];
        foreach (var edge in graph.Edges)
        {
            if (only is not null && !only(edge)) continue;
            var index = edge.SourceIndex * graph.Destinations.Count + edge.DestinationIndex;
            weights.Data[index] = 0f;
            var logits = EdgePatching.Forward(model, graph, prompts.Clean, weights, ablated);
            scores[edge.Index] = (double)metric.Mean(logits, prompts, cleanLogits).Item() - baseline;
            cost.Forwards++;
            weights.Data[index] = 1f;
        }
        return new AttributionScores("exact", graph, scores, cost.Finish());
    }
}
