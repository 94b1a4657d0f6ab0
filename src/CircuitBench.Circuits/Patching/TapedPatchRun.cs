using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Circuits.Patching;

/// <summary>
/// A patched forward built from differentiable ops, for runs on a gradient tape (learned masks, gradients through a
/// circuit): each source chunk's difference is kept as a tensor, and each destination group adds one product per chunk.
/// </summary>
internal sealed class TapedPatchRun(ModelConfig config, CircuitGraph graph, TokenBatch batch, Tensor ablate, bool learning)
    : PatchRun(config, graph, batch, ablate, learning)
{
    private readonly List<(int Row, Tensor Delta)> _deltas = [];   // Delta [b·p, k, d]: a(ablated) − a(this run) of k sources from row Row

    protected override ForwardHook Record(int row, Tensor ablatedChunk, Func<Tensor, Tensor> asChunk) => (activation, _) =>
    {
        var delta = Ops.Sub(ablatedChunk, asChunk(activation));                                  // [b, p, k, d]
        _deltas.Add((row, Ops.Reshape(delta, Batch.Batch * Batch.Seq, delta.Dim(2), Config.DModel)));   // [b·p, k, d]
        return null;
    };

    protected override ForwardHook AddAblated(int column, int count) => (activation, _) =>
    {
        Tensor? total = null;                                                                     // [b·p, d, count]
        foreach (var (row, delta) in _deltas)
        {
            var k = delta.Dim(1);
            if (!Learning && IsZero(row, k, column, count)) continue;
            var block = Ops.Narrow(Ops.Narrow(Ablate, 0, row, k), 1, column, count);             // [k, count]
            var part = Ops.MatMul(delta, block, transposeA: true);                                // [b·p, d, count]
            total = total is null ? part : Ops.Add(total, part);
        }
        if (total is null) return null;
        var added = count == 1
            ? Ops.Reshape(total, Batch.Batch, Batch.Seq, Config.DModel)
            : Ops.Reshape(Ops.Permute(total, 0, 2, 1), Batch.Batch, Batch.Seq, count, Config.DModel);
        return Ops.Add(activation, added);
    };
}
