using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// What every gradient-based edge attribution shares: forward + backward passes whose destination-input
/// gradients are turned into edge scores as soon as they are known, and never kept. For every destination
/// input d (per head <c>blocks.{l}.hook_{q,k,v}_input</c>, <c>blocks.{l}.hook_mlp_in</c>, and the last block's
/// <c>hook_resid_post</c> for <c>logits</c>) with gradient g_d = ∂m/∂x_d [b, p, d], every upstream source s gets
/// <c>dense[s, d] += Σ_{b,p} Δ_s · g_d</c>, where Δ_s = a_s(ablated) − a_s(clean) [b, p, d] is fixed by
/// <see cref="SetDifferences"/>. Algorithms differ only in where the gradients are taken (which passes they run)
/// and in the factor <see cref="Scores"/> applies (1 / number of passes for averages).
/// </summary>
internal sealed class DestinationGradients
{
    private readonly HookedTransformer _model;
    private readonly CircuitGraph _graph;
    private readonly CostMeter _cost;
    private readonly double[] _dense;                       // [n_src · n_dst]
    private readonly int _n;                                // b·p
    private readonly int _d;
    private readonly IReadOnlyList<(string Name, ForwardHook Hook)> _hooks;
    private Tensor? _delta;                                 // [n_src, b·p·d]: Δ_s of every source, row s

    public DestinationGradients(HookedTransformer model, CircuitGraph graph, TokenBatch batch, CostMeter cost)
    {
        var config = model.Config;
        (_model, _graph, _cost, _n, _d) = (model, graph, cost, batch.Batch * batch.Seq, config.DModel);
        _dense = new double[graph.Sources.Count * graph.Destinations.Count];
        // The embeddings start the differentiable graph (weights need no gradient). This hook runs after any
        // hook that replaces blocks.0.hook_resid_pre, so it marks the replacement.
        var hooks = new List<(string, ForwardHook)> { ("blocks.0.hook_resid_pre", (a, _) => { a.RequiresGrad = true; return null; }) };
        for (var l = 0; l < config.NLayers; l++)
        {
            var headRow = graph.SourceIndex(graph.Node($"a{l}.h0"));
            foreach (var slot in new[] { InputSlot.Query, InputSlot.Key, InputSlot.Value })
            {
                var column = graph.DestinationIndex(new Destination(graph.Node($"a{l}.h0"), slot).Name);
                hooks.Add((graph.InputHookOf(graph.Destinations[column]), Collect(column, config.NHeads, headRow)));
            }
            if (!config.AttnOnly)
            {
                var mlp = graph.DestinationIndex($"m{l}");
                hooks.Add((graph.InputHookOf(graph.Destinations[mlp]), Collect(mlp, 1, graph.SourceIndex(graph.Node($"m{l}")))));
            }
        }
        var logits = graph.DestinationIndex("logits");
        hooks.Add((graph.InputHookOf(graph.Destinations[logits]), Collect(logits, 1, graph.Sources.Count)));
        _hooks = hooks;
    }

    /// <summary>
    /// The clean logits [b, p, vocab] when <paramref name="metric"/> compares with them (one no-grad forward,
    /// counted), else null.
    /// </summary>
    public static Tensor? CleanLogitsFor(Metric metric, HookedTransformer model, TokenBatch clean, CostMeter cost)
    {
        if (!metric.NeedsCleanLogits) return null;
        using var _ = GradTape.NoGrad();
        cost.Forwards++;
        return model.Forward(clean);
    }

    /// <summary>Fixes Δ_s = a_s(ablated) − a_s(clean) for every source (chunks of <paramref name="ablated"/> broadcast over batch and positions).</summary>
    public void SetDifferences(SourceActivations ablated, SourceActivations clean)
    {
        _delta?.Dispose();
        _delta = ablated.Minus(clean);
    }

    /// <summary>
    /// One forward of <paramref name="tokens"/> with <paramref name="extraHooks"/> (run before this object's hooks
    /// at the same point) and one backward of the scalar <paramref name="metric"/>(logits), adding Δ · g to the
    /// scores. <paramref name="afterForward"/> runs between the two (e.g. to set Δ from activations the forward recorded).
    /// </summary>
    public void ForwardBackward(TokenBatch tokens, IEnumerable<(string Name, ForwardHook Hook)> extraHooks, Func<Tensor, Tensor> metric, Action? afterForward = null)
    {
        using var tape = GradTape.Begin();
        var logits = _model.RunWithHooks(tokens, [.. extraHooks, .. _hooks]);
        _cost.Forwards++;
        afterForward?.Invoke();
        tape.Backward(metric(logits));
        _cost.Backwards++;
    }

    /// <summary>The accumulated <c>factor · dense[s, d]</c> per edge, as the scores of <paramref name="algorithm"/>.</summary>
    public AttributionScores Scores(string algorithm, double factor)
    {
        var scores = AttributionScores.FromDense(_graph, _dense);
        for (var i = 0; i < scores.Length; i++) scores[i] *= factor;
        return new AttributionScores(algorithm, _graph, scores, _cost.Finish());
    }

    /// <summary>A gradient hook on <paramref name="count"/> destination inputs from <paramref name="column"/> adding Δ · g for the sources above <paramref name="rowLimit"/>.</summary>
    private ForwardHook Collect(int column, int count, int rowLimit) => (activation, _) =>
    {
        activation.RegisterGradHook(grad =>
        {
            using var _ = GradTape.NoGrad();
            using var laidOut = count == 1 ? null : Ops.Permute(grad, 2, 0, 1, 3);                  // [h, b, p, d]
            var g = laidOut ?? grad;                                                                  // [count, b·p·d]
            var delta = _delta ?? throw new InvalidOperationException("SetDifferences must run before the backward.");
            var block = new float[count * rowLimit];                                                  // [count, rowLimit] = g · Δ[:rowLimit]ᵀ
            Compute.Gemm.Sgemm(false, true, count, rowLimit, _n * _d, 1f, g.Data, _n * _d, delta.Data, _n * _d, 0f, block, rowLimit);
            for (var s = 0; s < rowLimit; s++)
            for (var c = 0; c < count; c++)
                _dense[s * _graph.Destinations.Count + column + c] += block[c * rowLimit + s];
        });
        return null;
    };
}
