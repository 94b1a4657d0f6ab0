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
/// gradients are turned into edge scores as soon as they are known (a layer's q, k and v inputs once all three are),
/// and never kept longer. For every destination input d (per head <c>blocks.{l}.hook_{q,k,v}_input</c>,
/// <c>blocks.{l}.hook_mlp_in</c>, and the last block's <c>hook_resid_post</c> for <c>logits</c>) with gradient
/// g_d = ∂m/∂x_d [b, p, d], every upstream source s gets <c>dense[s, d] += Σ_{b,p} Δ_s · g_d</c>, where
/// Δ_s = a_s(ablated) − a_s(clean) [b, p, d] is fixed by <see cref="SetDifferences"/>. Algorithms differ only in
/// where the gradients are taken (which passes they run) and in the factor <see cref="Scores"/> applies (1 / number of
/// passes for averages).
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
    private readonly List<HeadInputs> _layers = [];
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
            var first = graph.DestinationIndex(new Destination(graph.Node($"a{l}.h0"), InputSlot.Query).Name);
            var layer = new HeadInputs(first, config.NHeads, headRow);
            _layers.Add(layer);
            foreach (var (slot, part) in new[] { (InputSlot.Query, 0), (InputSlot.Key, 1), (InputSlot.Value, 2) })
            {
                var column = graph.DestinationIndex(new Destination(graph.Node($"a{l}.h0"), slot).Name);
                hooks.Add((graph.InputHookOf(graph.Destinations[column]), CollectHeads(layer, part)));
            }
            if (!config.AttnOnly)
            {
                var mlp = graph.DestinationIndex($"m{l}");
                hooks.Add((graph.InputHookOf(graph.Destinations[mlp]), Collect(mlp, graph.SourceIndex(graph.Node($"m{l}")))));
            }
        }
        var logits = graph.DestinationIndex("logits");
        hooks.Add((graph.InputHookOf(graph.Destinations[logits]), Collect(logits, graph.Sources.Count)));
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
        foreach (var layer in _layers) Flush(layer);                                 // layers some of whose inputs got no gradient
        _cost.Backwards++;
    }

    /// <summary>The accumulated <c>factor · dense[s, d]</c> per edge, as the scores of <paramref name="algorithm"/>.</summary>
    public AttributionScores Scores(string algorithm, double factor)
    {
        var scores = AttributionScores.FromDense(_graph, _dense);
        for (var i = 0; i < scores.Length; i++) scores[i] *= factor;
        return new AttributionScores(algorithm, _graph, scores, _cost.Finish());
    }

    /// <summary>A gradient hook on the single destination input <paramref name="column"/> [b, p, d] adding Δ · g for the sources above <paramref name="rowLimit"/>.</summary>
    private ForwardHook Collect(int column, int rowLimit) => (activation, _) =>
    {
        activation.RegisterGradHook(grad => AddProducts(grad.Data, 1, column, rowLimit));
        return null;
    };

    /// <summary>
    /// A gradient hook on one of a layer's per-head inputs (<paramref name="part"/> 0, 1, 2: q, k, v) [b, p, h, d]: the
    /// gradient is laid out head by head in the layer's buffer, and once q, k and v are all in, one product scores the
    /// layer's 3h destinations (one pass over Δ instead of three).
    /// </summary>
    private ForwardHook CollectHeads(HeadInputs layer, int part) => (activation, _) =>
    {
        activation.RegisterGradHook(grad =>
        {
            layer.Gradients ??= Tensor.Empty(3 * layer.Heads, _n * _d);
            ParallelChunks.For(_n, 1, layer.Heads * _d, (start, count) =>
            {
                var target = layer.Part(part, _n * _d);                                                 // [h, b·p·d]
                for (var i = start; i < start + count; i++)
                for (var h = 0; h < layer.Heads; h++)
                    grad.Data.Slice((i * layer.Heads + h) * _d, _d).CopyTo(target.Slice((h * _n + i) * _d, _d));
            });
            layer.Arrived |= 1 << part;
            if (layer.Arrived == 0b111) Flush(layer);
        });
        return null;
    };

    /// <summary>Scores the layer's per-head inputs from the gradients that arrived (missing ones count as zero) and empties its buffer.</summary>
    private void Flush(HeadInputs layer)
    {
        if (layer.Gradients is not { } gradients) return;
        for (var part = 0; part < 3; part++)
            if ((layer.Arrived & (1 << part)) == 0) layer.Part(part, _n * _d).Clear();
        AddProducts(gradients.Data, 3 * layer.Heads, layer.FirstColumn, layer.RowLimit);
        gradients.Dispose();
        (layer.Gradients, layer.Arrived) = (null, 0);
    }

    /// <summary>dense[s, column + c] += Σ_k g[c, k] · Δ[s, k] for s below <paramref name="rowLimit"/>: g [count, b·p·d].</summary>
    private void AddProducts(ReadOnlySpan<float> g, int count, int column, int rowLimit)
    {
        var delta = _delta ?? throw new InvalidOperationException("SetDifferences must run before the backward.");
        var block = new float[count * rowLimit];                                                      // [count, rowLimit] = g · Δ[:rowLimit]ᵀ
        Compute.Gemm.Sgemm(false, true, count, rowLimit, _n * _d, 1f, g, _n * _d, delta.Data, _n * _d, 0f, block, rowLimit);
        for (var s = 0; s < rowLimit; s++)
        for (var c = 0; c < count; c++)
            _dense[s * _graph.Destinations.Count + column + c] += block[c * rowLimit + s];
    }

    /// <summary>One layer's q, k and v inputs: destination columns from <see cref="FirstColumn"/> (q heads, k heads, v heads), fed by the sources below <see cref="RowLimit"/>.</summary>
    private sealed class HeadInputs(int firstColumn, int heads, int rowLimit)
    {
        public int FirstColumn { get; } = firstColumn;
        public int Heads { get; } = heads;
        public int RowLimit { get; } = rowLimit;

        /// <summary>[3h, b·p·d]: the gradients that arrived, one row per destination; null between backwards.</summary>
        public Tensor? Gradients { get; set; }

        /// <summary>Which of q, k, v (bits 0, 1, 2) have arrived.</summary>
        public int Arrived { get; set; }

        /// <summary>The rows of part 0, 1 or 2 (q, k, v) in <see cref="Gradients"/>: [h, <paramref name="width"/>].</summary>
        public Span<float> Part(int part, int width) => Gradients!.Data.Slice(part * Heads * width, Heads * width);
    }
}
