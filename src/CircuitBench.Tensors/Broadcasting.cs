using System.Numerics.Tensors;

namespace CircuitBench.Tensors;

/// <summary>The elementwise binary operations that broadcast.</summary>
internal enum BinaryOp { Add, Subtract, Multiply, Divide }

/// <summary>
/// Broadcasting kernels (no autograd). Both walk the output one innermost row at a time; along a row
/// each operand is either contiguous (stride 1) or a single repeated value (stride 0), so every row
/// is one vectorised call.
/// </summary>
internal static class Broadcasting
{
    /// <summary>y = a ∘ b with NumPy broadcasting.</summary>
    public static Tensor Binary(Tensor a, Tensor b, BinaryOp op)
    {
        var shape = ShapeMath.Broadcast(a.Shape, b.Shape);
        var y = Tensor.Uninitialized(shape);
        if (ShapeMath.SameShape(a.Shape, b.Shape))
        {
            Apply(op, a.Data, b.Data, y.Data);
            return y;
        }
        var sa = ShapeMath.BroadcastStrides(a.Shape, shape);
        var sb = ShapeMath.BroadcastStrides(b.Shape, shape);
        var rank = shape.Length;
        var rowLength = rank == 0 ? 1 : shape[^1];
        var rows = rowLength == 0 ? 0 : y.Size / rowLength;
        var lastA = rank == 0 ? 1 : sa[^1];
        var lastB = rank == 0 ? 1 : sb[^1];
        Span<int> index = stackalloc int[Math.Max(rank, 1)];
        for (var row = 0; row < rows; row++)
        {
            var (offA, offB) = (RowOffset(index, sa, rank), RowOffset(index, sb, rank));
            var dst = y.Data.Slice(row * rowLength, rowLength);
            ApplyRow(op, a.Data, offA, lastA, b.Data, offB, lastB, dst);
            Advance(index, shape, rank);
        }
        return y;
    }

    /// <summary>A copy of <paramref name="x"/> broadcast to <paramref name="shape"/> (which it must broadcast to).</summary>
    public static Tensor Materialize(Tensor x, int[] shape)
    {
        var y = Tensor.Uninitialized(shape);
        MaterializeInto(x, shape, y.Data);
        return y;
    }

    /// <summary>Writes <paramref name="x"/> broadcast to <paramref name="shape"/> into <paramref name="y"/> (at least that many elements).</summary>
    public static void MaterializeInto(Tensor x, int[] shape, Span<float> y)
    {
        var sx = ShapeMath.BroadcastStrides(x.Shape, shape);
        var rank = shape.Length;
        var rowLength = rank == 0 ? 1 : shape[^1];
        var rows = rowLength == 0 ? 0 : ShapeMath.ElementCount(shape) / rowLength;
        var last = rank == 0 ? 1 : sx[^1];
        Span<int> index = stackalloc int[Math.Max(rank, 1)];
        for (var row = 0; row < rows; row++)
        {
            var off = RowOffset(index, sx, rank);
            var dst = y.Slice(row * rowLength, rowLength);
            if (last == 1) x.Data.Slice(off, rowLength).CopyTo(dst);
            else dst.Fill(x.Data[off]);
            Advance(index, shape, rank);
        }
    }

    /// <summary>Sums <paramref name="grad"/> (of a broadcast shape) down to <paramref name="shape"/>: the adjoint of broadcasting.</summary>
    public static Tensor SumTo(Tensor grad, ReadOnlySpan<int> shape)
    {
        if (ShapeMath.SameShape(grad.Shape, shape)) return grad.Clone();
        var target = Tensor.Zeros([.. shape]);
        var st = ShapeMath.BroadcastStrides(shape, grad.Shape);
        var rank = grad.Rank;
        var rowLength = rank == 0 ? 1 : grad.Shape[^1];
        var rows = rowLength == 0 ? 0 : grad.Size / rowLength;
        var last = rank == 0 ? 1 : st[^1];
        Span<int> index = stackalloc int[Math.Max(rank, 1)];
        for (var row = 0; row < rows; row++)
        {
            var off = RowOffset(index, st, rank);
            var src = grad.Data.Slice(row * rowLength, rowLength);
            if (last == 1) Kernels.AddInPlace(target.Data.Slice(off, rowLength), src);
            else target.Data[off] += TensorPrimitives.Sum(src);
            Advance(index, grad.Shape, rank);
        }
        return target;
    }

    public static void Apply(BinaryOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, y); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(a, b, y); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(a, b, y); break;
            default: TensorPrimitives.Divide(a, b, y); break;
        }
    }

    private static void ApplyRow(BinaryOp op, ReadOnlySpan<float> a, int offA, int strideA,
        ReadOnlySpan<float> b, int offB, int strideB, Span<float> y)
    {
        var n = y.Length;
        if (strideA == 1 && strideB == 1) { Apply(op, a.Slice(offA, n), b.Slice(offB, n), y); return; }
        if (strideA == 1)
        {
            var s = b[offB];
            var x = a.Slice(offA, n);
            switch (op)
            {
                case BinaryOp.Add: TensorPrimitives.Add(x, s, y); break;
                case BinaryOp.Subtract: TensorPrimitives.Subtract(x, s, y); break;
                case BinaryOp.Multiply: TensorPrimitives.Multiply(x, s, y); break;
                default: TensorPrimitives.Divide(x, s, y); break;
            }
            return;
        }
        if (strideB == 1)
        {
            var s = a[offA];
            var x = b.Slice(offB, n);
            switch (op)
            {
                case BinaryOp.Add: TensorPrimitives.Add(x, s, y); break;
                case BinaryOp.Subtract: TensorPrimitives.Subtract(s, x, y); break;
                case BinaryOp.Multiply: TensorPrimitives.Multiply(x, s, y); break;
                default: TensorPrimitives.Divide(s, x, y); break;
            }
            return;
        }
        float one = a[offA], two = b[offB];
        y.Fill(op switch
        {
            BinaryOp.Add => one + two,
            BinaryOp.Subtract => one - two,
            BinaryOp.Multiply => one * two,
            _ => one / two,
        });
    }

    /// <summary>Offset of the row at <paramref name="index"/> (all but the last coordinate).</summary>
    private static int RowOffset(ReadOnlySpan<int> index, ReadOnlySpan<int> strides, int rank)
    {
        var offset = 0;
        for (var d = 0; d < rank - 1; d++) offset += index[d] * strides[d];
        return offset;
    }

    /// <summary>Moves <paramref name="index"/> to the next row (odometer over all but the last dimension).</summary>
    private static void Advance(Span<int> index, ReadOnlySpan<int> shape, int rank)
    {
        for (var d = rank - 2; d >= 0; d--)
        {
            if (++index[d] < shape[d]) return;
            index[d] = 0;
        }
    }
}
