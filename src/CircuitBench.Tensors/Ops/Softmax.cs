using System.Buffers;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Softmax along <paramref name="axis"/> (any shape): <c>y = exp(x − max) / Σ exp(x − max)</c>, stable for
    /// large logits; −∞ entries get probability 0, and a line that is all −∞ gives zeros (PyTorch: NaN).
    /// Backward: dx = y ⊙ (g − Σ g ⊙ y).
    /// </summary>
    public static Tensor Softmax(Tensor x, int axis = -1)
    {
        var ax = ShapeMath.NormalizeAxis(axis, x.Rank);
        var y = Tensor.Uninitialized(x.Shape);
        ForEachLine(x.Shape, ax, x.Data, default, y.Data, static (line, _, dst, _) => SoftmaxKernels.Softmax(line, dst));
        return GradTape.Record(y, (g, sink) =>
        {
            var gx = Tensor.Uninitialized(x.Shape);
            ForEachLine(x.Shape, ax, y.Data, g.Data, gx.Data, static (yl, gl, dst, _) => SoftmaxKernels.SoftmaxBackward(yl, gl, dst));
            sink.AddOwned(0, gx);
        }, x);
    }

    /// <summary>
    /// Log-softmax along <paramref name="axis"/> (any shape): <c>y = (x − max) − log Σ exp(x − max)</c>; a line that is
    /// all −∞ gives −∞ (PyTorch: NaN). Backward: dx = g − exp(y) · Σ g.
    /// </summary>
    public static Tensor LogSoftmax(Tensor x, int axis = -1)
    {
        var ax = ShapeMath.NormalizeAxis(axis, x.Rank);
        var y = Tensor.Uninitialized(x.Shape);
        ForEachLine(x.Shape, ax, x.Data, default, y.Data, static (line, _, dst, scratch) => SoftmaxKernels.LogSoftmax(line, dst, scratch));
        return GradTape.Record(y, (g, sink) =>
        {
            var gx = Tensor.Uninitialized(x.Shape);
            ForEachLine(x.Shape, ax, y.Data, g.Data, gx.Data, static (yl, gl, dst, _) => SoftmaxKernels.LogSoftmaxBackward(yl, gl, dst));
            sink.AddOwned(0, gx);
        }, x);
    }

    /// <summary>Computes one output line from the matching lines of two inputs (b may be empty), with a scratch line.</summary>
    private delegate void LineKernel(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination, Span<float> scratch);

    /// <summary>
    /// Runs <paramref name="kernel"/> on every line along <paramref name="axis"/>: directly on storage when the axis is
    /// innermost, otherwise on lines gathered into contiguous buffers and scattered back.
    /// </summary>
    private static void ForEachLine(ReadOnlySpan<int> shape, int axis, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination, LineKernel kernel)
    {
        var (outer, n, inner) = ShapeMath.SplitAt(shape, axis);
        var buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, 4 * n));
        try
        {
            var scratch = buffer.AsSpan(0, n);
            if (inner == 1)
            {
                for (var o = 0; o < outer; o++)
                    kernel(a.Slice(o * n, n), b.IsEmpty ? default : b.Slice(o * n, n), destination.Slice(o * n, n), scratch);
                return;
            }
            var la = buffer.AsSpan(n, n);
            var lb = buffer.AsSpan(2 * n, n);
            var ld = buffer.AsSpan(3 * n, n);
            for (var o = 0; o < outer; o++)
            for (var i = 0; i < inner; i++)
            {
                var start = o * n * inner + i;
                for (var j = 0; j < n; j++) la[j] = a[start + j * inner];
                if (!b.IsEmpty) for (var j = 0; j < n; j++) lb[j] = b[start + j * inner];
                kernel(la, b.IsEmpty ? default : lb, ld, scratch);
                for (var j = 0; j < n; j++) destination[start + j * inner] = ld[j];
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
