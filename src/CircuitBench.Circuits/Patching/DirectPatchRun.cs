using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Circuits.Patching;

/// <summary>
/// A patched forward off the gradient tape: source differences go into one matrix Δ [n_src, b·p·d] (row s:
/// a_s(ablated) − a_s(this run)), and each destination group's addition is one product (1 − w)ᵀ · Δ over the sources
/// recorded so far — for the per-head inputs of a layer, one product for its q, k and v inputs together.
/// </summary>
internal sealed class DirectPatchRun(ModelConfig config, CircuitGraph graph, TokenBatch batch, Tensor ablate)
    : PatchRun(config, graph, batch, ablate, learning: false), IDisposable
{
    private readonly int _width = batch.Batch * batch.Seq * config.DModel;       // b·p·d
    private Tensor? _delta;                                                       // [n_src, b·p·d]; rows never recorded stay 0
    private int _recorded;                                                        // rows below this are upstream of the hook running
    private (int Column, Tensor Sums)? _layer;                                    // one layer's per-head additions [3h, b·p·d] from its first q column

    protected override ForwardHook Record(int row, Tensor ablatedChunk, Func<Tensor, Tensor> asChunk) => (activation, _) =>
    {
        _delta ??= Tensor.Zeros(Graph.Sources.Count, _width);
        var chunk = asChunk(activation);                                          // [b, p, k, d]
        SourceActivations.WriteDifference(ablatedChunk, chunk, _delta.Data[(row * _width)..]);
        _recorded = Math.Max(_recorded, row + chunk.Dim(2));
        return null;
    };

    protected override ForwardHook AddAblated(int column, int count) => (activation, _) =>
    {
        if (_delta is null) return null;
        var output = activation.Clone();
        var d = Config.DModel;
        if (count == 1)
        {
            using var sums = Sums(column, 1);                                     // [1, b·p·d]
            System.Numerics.Tensors.TensorPrimitives.Add(output.Data, sums.Data, output.Data);
            return output;
        }
        var first = Graph.DestinationIndex(new Destination(Graph.Node($"a{Graph.Destinations[column].Node.Layer}.h0"), InputSlot.Query).Name);
        if (_layer is not { } layer || layer.Column != first)
        {
            _layer?.Sums.Dispose();
            _layer = layer = (first, Sums(first, 3 * count));                     // [3h, b·p·d]
        }
        var rows = _width / d;
        for (var c = 0; c < count; c++)
        {
            var added = layer.Sums.Data.Slice((column - first + c) * _width, _width);
            for (var i = 0; i < rows; i++)
            {
                var target = output.Data.Slice((i * count + c) * d, d);          // output [b·p, h, d]
                System.Numerics.Tensors.TensorPrimitives.Add(target, added.Slice(i * d, d), target);
            }
        }
        return output;
    };

    /// <summary>(1 − w)[:recorded, column … column + m − 1]ᵀ · Δ[:recorded] → [m, b·p·d].</summary>
    private Tensor Sums(int column, int m)
    {
        var sums = Tensor.Zeros(m, _width);
        Compute.Gemm.Sgemm(true, false, m, _width, _recorded, 1f, Ablate.Data[column..], Graph.Destinations.Count,
            _delta!.Data, _width, 0f, sums.Data, _width);
        return sums;
    }

    public void Dispose()
    {
        _layer?.Sums.Dispose();
        _delta?.Dispose();
    }
}
