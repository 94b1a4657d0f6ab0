using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// Node-level attribution patching: for every source node s (<c>input</c> = <c>blocks.0.hook_resid_pre</c>, each head's
/// <c>attn.hook_result</c>, each <c>hook_mlp_out</c>), <c>Σ_{batch, positions, d_model} (a_s(ablated) − a_s(clean)) · ∂m/∂a_s</c>
/// with the gradient at the clean input and m the batch-mean metric: the first-order estimate of
/// <c>m(s ablated everywhere) − m(clean)</c>, i.e. of ablating all of s's outgoing edges. One clean forward and one
/// backward (plus one clean forward for metrics that compare with the clean logits); source gradients are
/// consumed by gradient hooks as they arrive. With KL the gradient at the clean input is zero, so every score is 0.
/// </summary>
internal static class NodeAttribution
{
    /// <summary>The signed score of every source node, and the passes it took.</summary>
    public static (double[] Scores, CostMeter Cost) Signed(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric, SourceActivations ablated)
    {
        var cost = new CostMeter();
        Tensor? cleanLogits = null;
        if (metric.NeedsCleanLogits)
        {
            using var _ = GradTape.NoGrad();
            cleanLogits = model.Forward(prompts.Clean);
            cost.Forwards++;
        }
        var scores = new double[graph.Sources.Count];
        using (var tape = GradTape.Begin())
        {
            var logits = model.RunWithHooks(prompts.Clean, [.. Hooks(model.Config, graph, prompts.Clean, ablated, scores)]);
            cost.Forwards++;
            tape.Backward(metric.Mean(logits, prompts, cleanLogits));
            cost.Backwards++;
        }
        return (scores, cost);
    }

    /// <summary>Forward hooks on every source output that, once its gradient is known, add Δ · g per node to <paramref name="scores"/>.</summary>
    private static IEnumerable<(string, ForwardHook)> Hooks(ModelConfig config, CircuitGraph graph, TokenBatch batch, SourceActivations ablated, double[] scores)
    {
        var (b, p, d) = (batch.Batch, batch.Seq, config.DModel);
        ForwardHook Score(int row, Tensor ablatedChunk, bool isLeaf) => (activation, _) =>
        {
            if (isLeaf) activation.RequiresGrad = true;
            activation.RegisterGradHook(grad =>
            {
                using var _ = GradTape.NoGrad();
                var k = ablatedChunk.Dim(2);
                var delta = Ops.Sub(Ops.Expand(ablatedChunk, b, p, k, d), Ops.Reshape(activation, b, p, k, d));  // [b, p, k, d]
                var perNode = Ops.Sum(Ops.Sum(Ops.Sum(Ops.Mul(delta, Ops.Reshape(grad, b, p, k, d)), 3), 1), 0); // [k]
                for (var i = 0; i < k; i++) scores[row + i] += perNode.Data[i];
            });
            return null;
        };
        yield return ("blocks.0.hook_resid_pre", Score(0, ablated.Input, isLeaf: true));
        for (var l = 0; l < config.NLayers; l++)
        {
            yield return ($"blocks.{l}.attn.hook_result", Score(graph.SourceIndex(graph.Node($"a{l}.h0")), ablated.Heads[l], isLeaf: false));
            if (ablated.Mlps[l] is { } mlp)
                yield return ($"blocks.{l}.hook_mlp_out", Score(graph.SourceIndex(graph.Node($"m{l}")), mlp, isLeaf: false));
        }
    }
}
