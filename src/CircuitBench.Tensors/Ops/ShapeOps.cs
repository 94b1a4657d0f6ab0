using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Same elements, new shape (a view sharing storage; one dimension may be -1 to infer it).
    /// </summary>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        var resolved = ResolveReshape(x, shape);
        var y = x.ViewAs(resolved);
        var xShape = x.Shape.ToArray();
        return GradTape.Record(y, (g, sink) => sink.AddPassThrough(0, g, xShape), x);
    }

    /// <summary>
    /// The same values as a distinct tensor on the tape (a view; nothing is copied), so that a hook or a
    /// gradient hook on the result sees only the uses that go through it — a branch of the residual stream.
    /// </summary>
    public static Tensor Branch(Tensor x) => Reshape(x, x.Shape.ToArray());

    /// <summary>Copies <paramref name="x"/> broadcast to <paramref name="shape"/> (NumPy rules); backward sums over the copies.</summary>
    public static Tensor Expand(Tensor x, params int[] shape) => ExpandCore(x, shape, lazily: false);

    /// <summary>
    /// <see cref="Expand"/> whose copy is made only when something first reads its data: a pass that only needs the
    /// expanded tensor as a node of the graph (to hook, or to take its gradient) never copies. <paramref name="x"/> must
    /// not change until then.
    /// </summary>
    public static Tensor ExpandLazily(Tensor x, params int[] shape) => ExpandCore(x, shape, lazily: true);

    private static Tensor ExpandCore(Tensor x, int[] shape, bool lazily)
    {
        if (!ShapeMath.SameShape(ShapeMath.Broadcast(x.Shape, shape), shape))
            throw new ArgumentException($"Cannot expand {x} to {ShapeMath.Format(shape)}.");
        var y = lazily ? Tensor.Deferred(shape, new BroadcastForm(x, shape)) : Broadcasting.Materialize(x, shape);
        var xShape = x.Shape.ToArray();
        return GradTape.Record(y, (g, sink) => sink.AddOwned(0, Broadcasting.SumTo(g, xShape)), x);
    }

    /// <summary>Reorders dimensions: output dimension i is input dimension <c>order[i]</c> (copies).</summary>
    public static Tensor Permute(Tensor x, params int[] order)
    {
        var rank = x.Rank;
        if (order.Length != rank || order.Select(o => ShapeMath.NormalizeAxis(o, rank)).Distinct().Count() != rank)
            throw new ArgumentException($"Permute order [{string.Join(", ", order)}] is not a permutation of the {rank} axes of {x}.");
        var axes = order.Select(o => ShapeMath.NormalizeAxis(o, rank)).ToArray();
        var y = PermuteCopy(x, axes);
        var inverse = new int[rank];
        for (var i = 0; i < rank; i++) inverse[axes[i]] = i;
        return GradTape.Record(y, (g, sink) => sink.AddOwned(0, PermuteCopy(g, inverse)), x);
    }

    /// <summary>Swaps two dimensions (copies).</summary>
    public static Tensor Transpose(Tensor x, int axis0, int axis1)
    {
        var order = Enumerable.Range(0, x.Rank).ToArray();
        var (a, b) = (ShapeMath.NormalizeAxis(axis0, x.Rank), ShapeMath.NormalizeAxis(axis1, x.Rank));
        (order[a], order[b]) = (order[b], order[a]);
        return Permute(x, order);
    }

    /// <summary>The slice <c>[start, start + length)</c> along <paramref name="axis"/> (copies).</summary>
    public static Tensor Narrow(Tensor x, int axis, int start, int length)
    {
        var ax = ShapeMath.NormalizeAxis(axis, x.Rank);
        if (start < 0 || length < 0 || start + length > x.Shape[ax])
            throw new ArgumentOutOfRangeException(nameof(start), $"Narrow [{start}, {start + length}) is outside axis {ax} of {x}.");
        var (outer, n, inner) = ShapeMath.SplitAt(x.Shape, ax);
        var shape = x.Shape.ToArray();
        shape[ax] = length;
        var y = Tensor.Uninitialized(shape);
        for (var o = 0; o < outer; o++)
            x.Data.Slice((o * n + start) * inner, length * inner).CopyTo(y.Data.Slice(o * length * inner, length * inner));
        var xShape = x.Shape.ToArray();
        return GradTape.Record(y, (g, sink) =>
        {
            var gx = Tensor.Zeros(xShape);
            for (var o = 0; o < outer; o++)
                g.Data.Slice(o * length * inner, length * inner).CopyTo(gx.Data.Slice((o * n + start) * inner, length * inner));
            sink.AddOwned(0, gx);
        }, x);
    }

    /// <summary>Joins tensors along <paramref name="axis"/>; all other dimensions must agree.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> parts, int axis)
    {
        if (parts.Count == 0) throw new ArgumentException("Concat needs at least one tensor.", nameof(parts));
        var first = parts[0];
        var ax = ShapeMath.NormalizeAxis(axis, first.Rank);
        foreach (var p in parts)
            if (p.Rank != first.Rank || Enumerable.Range(0, first.Rank).Any(d => d != ax && p.Shape[d] != first.Shape[d]))
                throw new ArgumentException($"Concat along axis {ax}: {p} does not match {first} outside that axis.");
        var shape = first.Shape.ToArray();
        shape[ax] = parts.Sum(p => p.Shape[ax]);
        var (outer, total, inner) = ShapeMath.SplitAt(shape, ax);
        var y = Tensor.Uninitialized(shape);
        var offset = 0;
        foreach (var p in parts)
        {
            var len = p.Shape[ax] * inner;
            for (var o = 0; o < outer; o++) p.Data.Slice(o * len, len).CopyTo(y.Data.Slice(o * total * inner + offset, len));
            offset += len;
        }
        var inputs = parts.ToArray();
        return GradTape.Record(y, (g, sink) =>
        {
            var start = 0;
            for (var i = 0; i < inputs.Length; i++)
            {
                var n = inputs[i].Shape[ax];
                if (sink.Wants(i))
                {
                    var gi = Tensor.Uninitialized(inputs[i].Shape);
                    for (var o = 0; o < outer; o++) g.Data.Slice(o * total * inner + start * inner, n * inner).CopyTo(gi.Data.Slice(o * n * inner, n * inner));
                    sink.AddOwned(i, gi);
                }
                start += n;
            }
        }, inputs);
    }

    private static int[] ResolveReshape(Tensor x, int[] shape)
    {
        var resolved = (int[])shape.Clone();
        var infer = Array.IndexOf(resolved, -1);
        if (infer >= 0)
        {
            var known = resolved.Where((d, i) => i != infer).Aggregate(1, (p, d) => p * d);
            if (known == 0 || x.Size % known != 0)
                throw new ArgumentException($"Cannot reshape {x} to {ShapeMath.Format(shape)}: the -1 dimension cannot be inferred.");
            resolved[infer] = x.Size / known;
        }
        if (ShapeMath.ElementCount(ShapeMath.Validate(resolved)) != x.Size)
            throw new ArgumentException($"Cannot reshape {x} ({x.Size} elements) to {ShapeMath.Format(shape)}.");
        return resolved;
    }

    private static Tensor PermuteCopy(Tensor x, int[] axes)
    {
        var rank = x.Rank;
        var shape = axes.Select(a => x.Shape[a]).ToArray();
        var y = Tensor.Uninitialized(shape);
        if (y.Size == 0) return y;
        var inStrides = new int[rank];
        for (int d = rank - 1, s = 1; d >= 0; d--) { inStrides[d] = s; s *= x.Shape[d]; }
        var strides = axes.Select(a => inStrides[a]).ToArray(); // input stride of each output dimension
        Span<int> index = stackalloc int[rank];
        var src = x.Data;
        var dst = y.Data;
        var inner = rank == 0 ? 1 : shape[^1];
        var innerStride = rank == 0 ? 0 : strides[^1];
        for (var o = 0; o < dst.Length; o += inner)
        {
            var offset = 0;
            for (var d = 0; d < rank - 1; d++) offset += index[d] * strides[d];
            for (var j = 0; j < inner; j++) dst[o + j] = src[offset + j * innerStride];
            for (var d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
        return y;
    }
}
