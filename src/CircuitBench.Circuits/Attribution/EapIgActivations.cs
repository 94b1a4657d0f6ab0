using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// EAP with integrated gradients over the source activations (<c>eap-ig-activations</c>; EAP-IG's method
/// "EAP-IG-activations"), for any ablation. The sources come in N = 1 + n_layers·(1 + has_mlp) chunks, as the
/// forward produces them: the input (<c>blocks.0.hook_resid_pre</c>), each layer's heads together
/// (<c>attn.hook_result</c>) and each MLP (<c>hook_mlp_out</c>). For each chunk c and each step k = 1 … m
/// (m = <c>ig-steps</c>, α_k = k/m) one forward on the clean tokens replaces chunk c's output by the constant
/// <c>α_k·a_c(clean) + (1 − α_k)·a_c(ablated)</c> — every other source computes normally — and one backward
/// gives the destination gradients g_d^{c,k}. Then, as in EAP-IG, every edge averages over all N·m passes:
/// <code>
/// score(s->d) = Σ_{batch, positions} (a_s(ablated) − a_s(clean)) · (1/(N·m)) Σ_c Σ_{k=1}^{m} g_d^{c,k}
/// </code>
/// EAP-IG's step placement, kept exactly: the right Riemann sum, α = 1 (clean) is the last step and α = 0 is
/// never evaluated. Chunk c's output is a constant on its own passes, so every gradient path through c is cut
/// there (c's own inputs get no gradient at all): even on a model affine in every source, an edge's score is the
/// mean over chunks c of its exact patching effect with c's output held fixed, not its plain patching effect.
/// One deliberate difference: EAP-IG's code interpolates towards zero for mean ablations (its corrupted
/// activations stay zero when no corrupted run happens) while Δ uses the mean; here the path always ends at the
/// ablated value Δ refers to. Cost: 1 clean forward (+1 corrupted for resample when not given) + N·m forwards
/// and backwards.
/// </summary>
public static class EapIgActivations
{
    /// <summary>The default number of steps m.</summary>
    public const int DefaultSteps = 5;

    /// <summary>Scores every edge (ablated outputs: resample from the corrupted prompts unless <paramref name="ablated"/> is given).</summary>
    public static AttributionScores Run(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric,
        int steps = DefaultSteps, SourceActivations? ablated = null)
    {
        if (steps < 1) throw new ArgumentException($"eap-ig-activations needs at least one step; got ig-steps = {steps}.");
        var cost = new CostMeter();
        if (ablated is null)
        {
            ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted ?? throw new ArgumentException("eap-ig-activations with resample ablation needs corrupted prompts."));
            cost.Forwards++;
        }
        var clean = SourceActivations.Capture(model, prompts.Clean);
        cost.Forwards++;
        var cleanLogits = DestinationGradients.CleanLogitsFor(metric, model, prompts.Clean, cost);
        var gradients = new DestinationGradients(model, graph, prompts.Clean, cost);
        gradients.SetDifferences(ablated, clean);
        var chunks = Chunks(model.Config, clean, ablated);
        foreach (var (hook, cleanChunk, ablatedChunk) in chunks)
        for (var k = 1; k <= steps; k++)
        {
            var alpha = (float)k / steps;
            ForwardHook interpolate = (activation, _) =>                                          // activation's shape: [b, p, d] or [b, p, h, d]
                Ops.Reshape(Ops.Add(Ops.Scale(cleanChunk, alpha), Ops.Scale(ablatedChunk, 1 - alpha)), [.. activation.Shape]);
            gradients.ForwardBackward(prompts.Clean, [(hook, interpolate)], logits => metric.Mean(logits, prompts, cleanLogits));
        }
        return gradients.Scores("eap-ig-activations", 1.0 / (chunks.Count * steps));
    }

    /// <summary>Each chunk's output hook with its clean [b, p, k, d] and ablated (broadcastable) outputs, in forward order.</summary>
    private static List<(string Hook, Tensor Clean, Tensor Ablated)> Chunks(ModelConfig config, SourceActivations clean, SourceActivations ablated)
    {
        var chunks = new List<(string, Tensor, Tensor)> { ("blocks.0.hook_resid_pre", clean.Input, ablated.Input) };
        for (var l = 0; l < config.NLayers; l++)
        {
            chunks.Add(($"blocks.{l}.attn.hook_result", clean.Heads[l], ablated.Heads[l]));
            if (clean.Mlps[l] is { } mlp) chunks.Add(($"blocks.{l}.hook_mlp_out", mlp, ablated.Mlps[l]!));
        }
        return chunks;
    }
}

/// <summary><c>eap-ig-activations</c> in the registry (see <see cref="EapIgActivations"/>).</summary>
internal sealed class EapIgActivationsAlgorithm : IAttributionAlgorithm
{
    public string Name => "eap-ig-activations";

    public string Description => "EAP-IG over activations: (a_ablated − a_clean) · ∂m/∂x_dst averaged over ig-steps interpolations (α = k/m, k = 1…m) of each source chunk in turn; any ablation";

    public IReadOnlyList<AlgorithmParameter> Parameters => [new("ig-steps", "5", "interpolation steps m per source chunk, from the ablated (exclusive) to the clean (inclusive) output")];

    public AttributionScores Run(AttributionContext c) =>
        EapIgActivations.Run(c.Model, c.Graph, c.Prompts, c.Metric, c.Int("ig-steps", EapIgActivations.DefaultSteps), c.Ablated).RestrictedTo(c.Slice);
}
