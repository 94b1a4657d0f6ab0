using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// EAP with integrated gradients over the input embeddings (<c>eap-ig-inputs</c>; Hanna, Pezzelle and Belinkov
/// 2024, EAP-IG's method "EAP-IG-inputs"). With m = <c>ig-steps</c> and e = <c>blocks.0.hook_resid_pre</c>
/// (embed + pos) of the clean and corrupted prompts:
/// <code>
/// score(s->d) = Σ_{batch, positions} (a_s(corrupt) − a_s(clean)) · (1/m) Σ_{k=0}^{m−1} ∂m/∂x_d |_{e = e_corrupt + (k/m)·(e_clean − e_corrupt)}
/// </code>
/// EAP-IG's step placement, kept exactly: the left Riemann sum from the corrupted end, α_k = k/m for
/// k = 0 … m−1, so the first step is the corrupted input itself and α = 1 (the clean input) is never evaluated;
/// with m = 1 this is EAP with its gradient taken at the corrupted input instead of the clean one.
/// The activation differences are those of the real clean and corrupted runs; every interpolated forward runs
/// on the clean tokens (so attention masks and answer positions are the clean prompts').
/// EAP-IG interpolates <c>hook_embed</c> only; with clean and corrupted prompts of equal length the position
/// embeddings are the same at both ends, so interpolating embed + pos is the same path.
/// Resample ablation only (the corrupted input is the path's other end). Cost: 2 forwards (corrupted and
/// clean activations; the corrupted ones may be given) + m forwards and backwards.
/// </summary>
public static class EapIgInputs
{
    /// <summary>The default number of steps m (the paper's 5).</summary>
    public const int DefaultSteps = 5;

    /// <summary>
    /// Scores every edge; <paramref name="corrupted"/> are the corrupted prompts' source outputs when already
    /// captured (otherwise one forward captures them).
    /// </summary>
    public static AttributionScores Run(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric,
        int steps = DefaultSteps, SourceActivations? corrupted = null)
    {
        if (steps < 1) throw new ArgumentException($"eap-ig-inputs needs at least one step; got ig-steps = {steps}.");
        var cost = new CostMeter();
        if (corrupted is null)
        {
            corrupted = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted ?? throw new ArgumentException("eap-ig-inputs interpolates between clean and corrupted inputs and needs corrupted prompts."));
            cost.Forwards++;
        }
        var clean = SourceActivations.Capture(model, prompts.Clean);
        cost.Forwards++;
        var cleanLogits = DestinationGradients.CleanLogitsFor(metric, model, prompts.Clean, cost);
        var gradients = new DestinationGradients(model, graph, prompts.Clean, cost);
        gradients.SetDifferences(corrupted, clean);
        var (b, p, d) = (prompts.Clean.Batch, prompts.Clean.Seq, model.Config.DModel);
        for (var k = 0; k < steps; k++)
        {
            var alpha = (float)k / steps;
            ForwardHook interpolate = (_, _) =>                                                   // [b, p, d]
                Ops.Reshape(Ops.Add(Ops.Scale(clean.Input, alpha), Ops.Scale(Ops.Expand(corrupted.Input, b, p, 1, d), 1 - alpha)), b, p, d);
            gradients.ForwardBackward(prompts.Clean, [("blocks.0.hook_resid_pre", interpolate)], logits => metric.Mean(logits, prompts, cleanLogits));
        }
        return gradients.Scores("eap-ig-inputs", 1.0 / steps);
    }
}

/// <summary><c>eap-ig-inputs</c> in the registry (see <see cref="EapIgInputs"/>).</summary>
internal sealed class EapIgInputsAlgorithm : IAttributionAlgorithm
{
    public string Name => "eap-ig-inputs";

    public string Description => "EAP-IG: (a_corrupt − a_clean) · ∂m/∂x_dst averaged over ig-steps interpolations of the input embeddings, α = k/m, k = 0…m−1 (resample only)";

    public IReadOnlyList<AlgorithmParameter> Parameters => [new("ig-steps", "5", "interpolation steps m between the corrupted (k = 0) and clean input embeddings")];

    public string? Refuses(AblationKind kind) => kind == AblationKind.Resample ? null
        : $"eap-ig-inputs interpolates the input embeddings between the clean and corrupted prompts, so it supports resample ablation only (got {Ablation.Names[(int)kind]}); use eap-ig-activations for zero or mean ablations.";

    public AttributionScores Run(AttributionContext c) => Refuses(c.Ablation) is { } reason
        ? throw new ArgumentException(reason)
        : EapIgInputs.Run(c.Model, c.Graph, c.Prompts, c.Metric, c.Int("ig-steps", EapIgInputs.DefaultSteps), c.Ablated).RestrictedTo(c.Slice);
}
