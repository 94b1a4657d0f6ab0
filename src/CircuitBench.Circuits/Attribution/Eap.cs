using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// Edge attribution patching (<c>eap</c>, Syed et al.; EAP-IG's method "EAP"):
/// <c>score(s->d) = Σ_{batch, positions} (a_s(ablated) − a_s(clean)) · ∂m/∂x_d</c>, the gradient taken at the
/// clean input, m the batch-mean metric: the first-order estimate of <c>m(s->d ablated) − m(clean)</c>.
/// One forward for the ablated activations (resample), one clean forward and one backward. Destination
/// gradients are consumed by gradient hooks as soon as they are known and never kept.
/// Note: with a KL metric the gradient at the clean input is zero (KL is minimal there), so EAP needs
/// a metric such as logit-diff.
/// </summary>
public static class Eap
{
    /// <summary>Scores every edge of <paramref name="graph"/> on <paramref name="prompts"/> (ablated outputs: resample from the corrupted prompts unless <paramref name="ablated"/> is given).</summary>
    public static AttributionScores Run(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric, SourceActivations? ablated = null)
    {
        var cost = new CostMeter();
        using var scope = TensorScope.Begin();                                   // every tensor made here is released at the end
        if (ablated is null)
        {
            ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted ?? throw new ArgumentException("EAP with resample ablation needs corrupted prompts."));
            cost.Forwards++;
        }
        var cleanLogits = DestinationGradients.CleanLogitsFor(metric, model, prompts.Clean, cost);
        var gradients = new DestinationGradients(model, graph, prompts.Clean, cost);
        var clean = new SourceActivations.Recorder(model.Config, prompts.Clean);   // the clean activations, recorded by the gradient forward itself
        gradients.ForwardBackward(prompts.Clean, clean.Hooks, logits => metric.Mean(logits, prompts, cleanLogits),
            afterForward: () => gradients.SetDifferences(ablated, clean.Result()));
        return gradients.Scores("eap", 1.0);
    }
}

/// <summary><c>eap</c> in the registry (see <see cref="Eap"/>).</summary>
internal sealed class EapAlgorithm : IAttributionAlgorithm
{
    public string Name => "eap";

    public string Description => "edge attribution patching: (a_ablated − a_clean) · ∂m/∂x_dst at the clean input (1 forward + 1 backward)";

    public IReadOnlyList<AlgorithmParameter> Parameters => [];

    public AttributionScores Run(AttributionContext c) => Eap.Run(c.Model, c.Graph, c.Prompts, c.Metric, c.Ablated).RestrictedTo(c.Slice);
}
