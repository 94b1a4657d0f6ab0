using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Circuits.Patching;

/// <summary>
/// One forward of k copies of a batch in which copy i has exactly one edge, <c>edges[i]</c> = s->d, ablated: d's input
/// in copy i becomes <c>x_d + Δ_s</c> with <c>Δ_s = a_s(ablated) − a_s(clean)</c>. Every node upstream of d still
/// computes its clean value in that copy, so this is exactly the single-edge patch of <see cref="EdgePatching"/>;
/// rows never interact, so the k patches share one forward (the batching exact patching uses).
/// </summary>
internal sealed class SingleEdgeReplicas
{
    private readonly HookedTransformer _model;
    private readonly CircuitGraph _graph;
    private readonly TokenBatch _batch;
    private readonly Tensor _delta;                                       // [n_src, b·p·d]: Δ_s of every source

    /// <summary>Patches <paramref name="batch"/> in copies of itself.</summary>
    /// <param name="model">The model.</param>
    /// <param name="graph">Its graph.</param>
    /// <param name="batch">The clean prompts of one copy [b, p].</param>
    /// <param name="delta">Δ = ablated − clean per source, [n_src, b·p·d] (<see cref="SourceActivations.Minus"/>).</param>
    public SingleEdgeReplicas(HookedTransformer model, CircuitGraph graph, TokenBatch batch, Tensor delta)
    {
        (_model, _graph, _batch, _delta) = (model, graph, batch, delta);
    }

    /// <summary>Logits [k·b, p, vocab] of the k copies, copy i (rows i·b … (i+1)·b − 1) with <paramref name="edges"/>[i] ablated.</summary>
    public Tensor Forward(IReadOnlyList<Edge> edges)
    {
        var hooks = edges.Select((edge, copy) => (edge, copy))
            .GroupBy(e => _graph.InputHookOf(e.edge.Destination))
            .Select(group => (group.Key, Patch([.. group])));
        return _model.RunWithHooks(Repeat(_batch, edges.Count), [.. hooks]);
    }

    /// <summary><paramref name="batch"/> stacked <paramref name="copies"/> times [copies·b, p].</summary>
    public static TokenBatch Repeat(TokenBatch batch, int copies) => new(
        [.. Enumerable.Range(0, copies * batch.Batch).Select(r => batch.Ids.AsSpan(r % batch.Batch * batch.Seq, batch.Lengths[r % batch.Batch]).ToArray())],
        batch.PadId);

    /// <summary>Adds Δ_s to the listed copies' rows at one hook point: per-head inputs [k·b, p, h, d] at the destination's head, else [k·b, p, d].</summary>
    private ForwardHook Patch((Edge Edge, int Copy)[] patches) => (activation, _) =>
    {
        var patched = activation.Clone();
        var (n, d) = (_batch.Batch * _batch.Seq, _delta.Dim(1) / (_batch.Batch * _batch.Seq));
        foreach (var (edge, copy) in patches)
        {
            var head = edge.Destination.Node.Kind == NodeKind.AttentionHead ? edge.Destination.Node.Head : -1;
            var (stride, offset) = head < 0 ? (d, 0) : (activation.Dim(2) * d, head * d);
            var delta = _delta.Data.Slice(edge.SourceIndex * n * d, n * d);
            for (var i = 0; i < n; i++)
            {
                var row = patched.Data.Slice((copy * n + i) * stride + offset, d);
                System.Numerics.Tensors.TensorPrimitives.Add(row, delta.Slice(i * d, d), row);
            }
        }
        return patched;
    };
}
