using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Circuits.Patching;

/// <summary>
/// One forward pass with an edge mask. Every destination input d reads
/// <c>Σ_s w[s,d]·a_s(this run) + (1 − w[s,d])·a_s(ablated)</c> plus the constant biases, computed as
/// <c>resid_d + Σ_s (1 − w[s,d])·(a_s(ablated) − a_s(this run))</c>: the residual the model already has, plus the
/// change of each ablated edge. Patching <c>s->d</c> changes s's contribution to d's input only.
/// Weights may be booleans (0/1) or real values in [0, 1]; a weight tensor that requires a gradient
/// gets one (for mask-learning algorithms). Destination groups whose weights are all 1 are not touched,
/// so a mask of ones reproduces the plain forward exactly.
/// </summary>
public static class EdgePatching
{
    /// <summary>Logits [b, p, vocab] of <paramref name="batch"/> with <paramref name="weights"/> [n_src, n_dst] applied.</summary>
    public static Tensor Forward(HookedTransformer model, CircuitGraph graph, TokenBatch batch, Tensor weights, SourceActivations ablated)
    {
        if (!weights.Shape.SequenceEqual([graph.Sources.Count, graph.Destinations.Count]))
            throw new ArgumentException($"Edge weights must be [n_src, n_dst] = [{graph.Sources.Count}, {graph.Destinations.Count}]; got {weights}.");
        var ablate = Ops.AddScalar(Ops.Scale(weights, -1f), 1f);                     // [n_src, n_dst]: 1 − w
        if (weights.RequiresGrad || GradTape.IsRecording)
            return model.RunWithHooks(batch, [.. new TapedPatchRun(model.Config, graph, batch, ablate, weights.RequiresGrad).Hooks(ablated)]);
        using var run = new DirectPatchRun(model.Config, graph, batch, ablate);
        return model.RunWithHooks(batch, [.. run.Hooks(ablated)]);
    }
}
