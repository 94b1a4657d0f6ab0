using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Embedding lookup: rows of <paramref name="table"/> [vocab, d] picked by <paramref name="ids"/>
    /// (any shape S) → [S..., d]. Backward scatter-adds into the table in id order (deterministic).
    /// </summary>
    public static Tensor Embedding(Tensor table, ReadOnlySpan<int> ids, params int[] idShape)
    {
        if (table.Rank != 2) throw new ArgumentException($"Embedding needs a 2-D table [vocab, d]; got {table}.");
        if (ShapeMath.ElementCount(ShapeMath.Validate(idShape)) != ids.Length)
            throw new ArgumentException($"{ids.Length} ids do not fill shape {ShapeMath.Format(idShape)}.");
        var (vocab, d) = (table.Shape[0], table.Shape[1]);
        var y = Tensor.Uninitialized([.. idShape, d]);
        var idCopy = ids.ToArray();
        for (var i = 0; i < idCopy.Length; i++)
        {
            var id = idCopy[i];
            if ((uint)id >= (uint)vocab) throw new ArgumentOutOfRangeException(nameof(ids), $"Token id {id} at position {i} is outside the table's {vocab} rows.");
            table.Data.Slice(id * d, d).CopyTo(y.Data.Slice(i * d, d));
        }
        return GradTape.Record(y, (g, sink) =>
        {
            var gt = Tensor.Zeros(vocab, d);
            for (var i = 0; i < idCopy.Length; i++) Kernels.AddInPlace(gt.Data.Slice(idCopy[i] * d, d), g.Data.Slice(i * d, d));
            sink.AddOwned(0, gt);
        }, table);
    }

    /// <summary>
    /// Picks one position per row: x [batch, seq, ...] and <paramref name="positions"/> [batch] → [batch, ...]
    /// (e.g. the last real token of each right-padded prompt).
    /// </summary>
    public static Tensor SelectPositions(Tensor x, ReadOnlySpan<int> positions)
    {
        if (x.Rank < 2) throw new ArgumentException($"SelectPositions needs x of rank ≥ 2 [batch, seq, ...]; got {x}.");
        var (batch, seq) = (x.Shape[0], x.Shape[1]);
        if (positions.Length != batch) throw new ArgumentException($"{positions.Length} positions given for a batch of {batch}.");
        var inner = ShapeMath.ElementCount(x.Shape[2..]);
        var y = Tensor.Uninitialized([batch, .. x.Shape[2..]]);
        var pos = positions.ToArray();
        for (var b = 0; b < batch; b++)
        {
            if ((uint)pos[b] >= (uint)seq) throw new ArgumentOutOfRangeException(nameof(positions), $"Position {pos[b]} of row {b} is outside the sequence length {seq}.");
            x.Data.Slice((b * seq + pos[b]) * inner, inner).CopyTo(y.Data.Slice(b * inner, inner));
        }
        var xShape = x.Shape.ToArray();
        return GradTape.Record(y, (g, sink) =>
        {
            var gx = Tensor.Zeros(xShape);
            for (var b = 0; b < batch; b++) g.Data.Slice(b * inner, inner).CopyTo(gx.Data.Slice((b * seq + pos[b]) * inner, inner));
            sink.AddOwned(0, gx);
        }, x);
    }

    /// <summary>The last position of every row: x [batch, seq, ...] → [batch, ...].</summary>
    public static Tensor LastPosition(Tensor x)
    {
        var last = Enumerable.Repeat(x.Shape[1] - 1, x.Shape[0]).ToArray();
        return SelectPositions(x, last);
    }
}
