using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Circuits.Patching;

/// <summary>
/// A patched forward off the gradient tape: source differences go into one matrix Δ [n_src, b·p·d] (row s:
/// a_s(ablated) − a_s(this run)), and each destination's addition is (1 − w)ᵀ · Δ over the sources recorded so far:
/// for the per-head inputs of a layer one product for its q, k and v inputs together (handed to the projection
/// unwritten, see <see cref="Ops.AddPerHead"/>). The same product also sums those sources for the single destinations
/// that follow in the layer (its MLP; the logits after the last layer), which later add only the rows recorded since,
/// with a non-zero weight: Δ's upstream rows are read once per layer, not once more per MLP.
/// </summary>
internal sealed class DirectPatchRun(ModelConfig config, CircuitGraph graph, TokenBatch batch, Tensor ablate)
    : PatchRun(config, graph, batch, ablate, learning: false), IDisposable
{
    private readonly int _width = batch.Batch * batch.Seq * config.DModel;       // b·p·d
    private Tensor? _delta;                                                       // [n_src, b·p·d]; rows below _recorded never recorded are 0
    private int _recorded;                                                        // rows below this are upstream of the hook running
    private LayerSums? _layer;                                                    // the current layer's product

    protected override ForwardHook Record(int row, Tensor ablatedChunk, Func<Tensor, Tensor> asChunk) => (activation, _) =>
    {
        _delta ??= Tensor.Empty(Graph.Sources.Count, _width);
        if (row > _recorded) _delta.Data[(_recorded * _width)..(row * _width)].Clear();   // skipped sources (no ablated edge out) add nothing
        var chunk = asChunk(activation);                                          // [b, p, k, d]
        SourceActivations.WriteDifference(ablatedChunk, chunk, _delta, row);
        _recorded = Math.Max(_recorded, row + chunk.Dim(2));
        return null;
    };

    protected override ForwardHook AddAblated(int column, int count) => (activation, _) =>
    {
        if (_delta is null) return null;
        if (count == 1)
        {
            using var sums = WeightedRowSum(column, _layer is { } covering && covering.Covers(column) ? covering : null);   // [1, b·p·d]
            var output = Tensor.Empty([.. activation.Shape]);
            System.Numerics.Tensors.TensorPrimitives.Add(activation.Data, sums.Data, output.Data);
            return output;
        }
        var first = Graph.DestinationIndex(new Destination(Graph.Node($"a{Graph.Destinations[column].Node.Layer}.h0"), InputSlot.Query).Name);
        if (_layer is not { } layer || layer.Column != first)
        {
            _layer?.Sums.Dispose();
            _layer = layer = Sums(first, 3 * count);
        }
        return Ops.AddPerHead(activation, layer.Sums, firstRow: column - first);  // [b, p, h, d]
    };

    /// <summary>
    /// (1 − w)[:recorded, column … column + m − 1]ᵀ · Δ[:recorded] for the layer's 3h per-head inputs from
    /// <paramref name="column"/> and the single destinations right after them → [m, b·p·d].
    /// </summary>
    private LayerSums Sums(int column, int perHeadInputs)
    {
        var m = perHeadInputs;
        while (column + m < Graph.Destinations.Count && Graph.Destinations[column + m].Node.Kind != NodeKind.AttentionHead) m++;
        var sums = Tensor.Empty(m, _width);                                       // overwritten: the product's beta is 0
        Compute.Gemm.Sgemm(true, false, m, _width, _recorded, 1f, Ablate.Data[column..], Graph.Destinations.Count,
            _delta!.Data, _width, 0f, sums.Data, _width);
        return new LayerSums(column, _recorded, sums);
    }

    /// <summary>
    /// Σ_s (1 − w)[s, column] · Δ[s] over the recorded rows with a non-zero weight → [1, b·p·d]: one destination's
    /// addition read straight from the rows it needs (a product with one row would pad it to a whole tile). When
    /// <paramref name="prefix"/> already holds the sum over its rows, starts from it and adds only the rows recorded
    /// since. Each element adds the rows in order, so the result does not depend on how the columns are split among threads.
    /// </summary>
    private Tensor WeightedRowSum(int column, LayerSums? prefix)
    {
        var sum = Tensor.Empty(1, _width);
        if (prefix is { } p) p.Row(column).CopyTo(sum.Data);
        else sum.Data.Clear();
        var from = prefix?.Recorded ?? 0;                                         // rows below it are in the prefix
        var rows = Enumerable.Range(from, _recorded - from)
            .Where(s => Ablate.Data[s * Graph.Destinations.Count + column] != 0f).ToArray();
        var delta = _delta!;
        ParallelChunks.For(_width, 16, rows.Length, (start, count) =>
        {
            var target = sum.Data.Slice(start, count);
            foreach (var s in rows)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(delta.Data.Slice(s * _width + start, count),
                    Ablate.Data[s * Graph.Destinations.Count + column], target, target);
        });
        return sum;
    }

    /// <summary>One layer's product: rows for destination columns <paramref name="Column"/> onwards, over the first <paramref name="Recorded"/> sources.</summary>
    private sealed record LayerSums(int Column, int Recorded, Tensor Sums)
    {
        public bool Covers(int column) => column >= Column && column < Column + Sums.Dim(0);

        /// <summary>Destination <paramref name="column"/>'s row [b·p·d].</summary>
        public Span<float> Row(int column) => Sums.Data.Slice((column - Column) * Sums.Dim(1), Sums.Dim(1));
    }

    public void Dispose()
    {
        _layer?.Sums.Dispose();
        _delta?.Dispose();
    }
}
