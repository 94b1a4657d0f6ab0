using System.Numerics.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors;

public static partial class Ops
{
    /// <summary>Sum over one axis: x [..., n, ...] → [..., ...] (or [..., 1, ...] with <paramref name="keepDim"/>).</summary>
    public static Tensor Sum(Tensor x, int axis, bool keepDim = false)
    {
        var ax = ShapeMath.NormalizeAxis(axis, x.Rank);
        var (outer, n, inner) = ShapeMath.SplitAt(x.Shape, ax);
        var y = Tensor.Zeros(ReducedShape(x.Shape, ax, keepDim));
        for (var o = 0; o < outer; o++)
        {
            var dst = y.Data.Slice(o * inner, inner);
            if (inner == 1) dst[0] = TensorPrimitives.Sum(x.Data.Slice(o * n, n));
            else for (var j = 0; j < n; j++) Kernels.AddInPlace(dst, x.Data.Slice((o * n + j) * inner, inner));
        }
        var xShape = x.Shape.ToArray();
        return GradTape.Record(y, (g, sink) => sink.AddOwned(0, SpreadOverAxis(g, xShape, ax, 1f)), x);
    }

    /// <summary>Mean over one axis.</summary>
    public static Tensor Mean(Tensor x, int axis, bool keepDim = false)
    {
        var n = x.Dim(axis);
        return Scale(Sum(x, axis, keepDim), n == 0 ? float.NaN : 1f / n);
    }

    /// <summary>Sum of all elements, as a scalar.</summary>
    public static Tensor Sum(Tensor x)
    {
        var y = Tensor.Scalar(TensorPrimitives.Sum(x.Data));
        var xShape = x.Shape.ToArray();
        return GradTape.Record(y, (g, sink) => sink.AddOwned(0, Tensor.Full(g.Item(), xShape)), x);
    }

    /// <summary>Mean of all elements, as a scalar.</summary>
    public static Tensor Mean(Tensor x) => Scale(Sum(x), x.Size == 0 ? float.NaN : 1f / x.Size);

    /// <summary>g (reduced over <paramref name="axis"/>) copied back along that axis, times <paramref name="scale"/>.</summary>
    private static Tensor SpreadOverAxis(Tensor g, int[] shape, int axis, float scale)
    {
        var (outer, n, inner) = ShapeMath.SplitAt(shape, axis);
        var gx = Tensor.Uninitialized(shape);
        for (var o = 0; o < outer; o++)
        {
            var src = g.Data.Slice(o * inner, inner);
            for (var j = 0; j < n; j++) TensorPrimitives.Multiply(src, scale, gx.Data.Slice((o * n + j) * inner, inner));
        }
        return gx;
    }

    private static int[] ReducedShape(ReadOnlySpan<int> shape, int axis, bool keepDim)
    {
        var result = shape.ToArray().ToList();
        if (keepDim) result[axis] = 1;
        else result.RemoveAt(axis);
        return [.. result];
    }
}
