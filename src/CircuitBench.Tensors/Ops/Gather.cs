using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors;

public static partial class Ops
{
    /// <summary>
    /// One element per row along the last axis: x [..., V] and <paramref name="index"/> (one entry per row, row-major)
    /// → y [...] with <c>y[r] = x[r, index[r]]</c>, e.g. the log-probability of each answer token.
    /// Backward scatters g into a zero [..., V] gradient.
    /// </summary>
    public static Tensor GatherLast(Tensor x, ReadOnlySpan<int> index)
    {
        if (x.Rank == 0) throw new ArgumentException($"GatherLast needs x of rank ≥ 1 [..., V]; got {x}.");
        var v = x.Shape[^1];
        var rows = ShapeMath.ElementCount(x.Shape[..^1]);
        if (index.Length != rows) throw new ArgumentException($"GatherLast: {index.Length} indices given for the {rows} rows of {x}.");
        var picks = index.ToArray();
        var y = Tensor.Uninitialized(x.Shape[..^1]);                                  // [...]
        for (var r = 0; r < rows; r++)
        {
            if ((uint)picks[r] >= (uint)v) throw new ArgumentOutOfRangeException(nameof(index), $"Index {picks[r]} of row {r} is outside the last axis of {x}.");
            y.Data[r] = x.Data[r * v + picks[r]];
        }
        return GradTape.Record(y, (g, sink) =>
        {
            var gx = Tensor.Zeros([.. x.Shape]);
            for (var r = 0; r < rows; r++) gx.Data[r * v + picks[r]] = g.Data[r];
            sink.AddOwned(0, gx);
        }, x);
    }
}
