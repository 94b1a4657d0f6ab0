using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors;

public static partial class Ops
{
    /// <summary>
    /// x [..., h, d] plus a different addition per head, given head by head in rows <paramref name="firstRow"/> … firstRow + h − 1
    /// of additions [n, rows·d] (rows = elements of x's leading dimensions) → y [..., h, d],
    /// <c>y[r, i, :] = x[r, i, :] + additions[firstRow + i, r·d … (r+1)·d − 1]</c> — e.g. the ablated edges' change to each
    /// head's input in edge patching. When x is <see cref="ExpandLazily"/>'s uncopied expansion of rows [..., 1, d], x is
    /// never copied and y is written only when read (<see cref="HeadwiseLayerNormLinear"/> reads the rows and additions
    /// instead); additions must then not change until y is read. Backward: g to x, g per head to its row of additions
    /// (other rows: 0).
    /// </summary>
    public static Tensor AddPerHead(Tensor x, Tensor additions, int firstRow = 0)
    {
        if (x.Rank < 2) throw new ArgumentException($"{nameof(AddPerHead)} needs x [..., h, d]; got {x}.");
        var (heads, d) = (x.Shape[^2], x.Shape[^1]);
        var rows = ShapeMath.ElementCount(x.Shape[..^2]);
        if (additions.Rank != 2 || firstRow < 0 || additions.Shape[0] < firstRow + heads || additions.Shape[1] != rows * d)
            throw new ArgumentException($"{nameof(AddPerHead)}: additions {additions} must be [n, {rows}·{d}] with rows {firstRow} … {firstRow + heads - 1} for the {heads} heads of x {x}.");
        Tensor y;
        if (x.Pending is BroadcastForm { Source: var source } && ShapeMath.SameShape(source.Shape, [.. x.Shape[..^2], 1, d]))
            y = Tensor.Deferred(x.Shape, new HeadAdditionForm(source, SharedRows: true, additions, firstRow, heads, d));
        else
        {
            y = Tensor.Uninitialized(x.Shape);                                                      // [..., h, d]
            new HeadAdditionForm(x, SharedRows: false, additions, firstRow, heads, d).WriteTo(y.Storage);
        }
        return GradTape.Record(y, (g, sink) =>
        {
            if (sink.Wants(0)) sink.AddOwned(0, g.Clone());
            if (!sink.Wants(1)) return;
            var ga = Tensor.Zeros([.. additions.Shape]);                                            // [n, rows·d]
            for (var r = 0; r < rows; r++)
            for (var i = 0; i < heads; i++)
                g.Data.Slice((r * heads + i) * d, d).CopyTo(ga.Data.Slice(((firstRow + i) * rows + r) * d, d));
            sink.AddOwned(1, ga);
        }, x, additions);
    }
}
