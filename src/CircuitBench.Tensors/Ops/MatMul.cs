using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Matrix product <c>op(a) · op(b)</c> over the last two dimensions, batched over the leading ones.
    /// a: [..., m, k] (or [..., k, m] when <paramref name="transposeA"/>);
    /// b: [..., k, n] (or [..., n, k] when <paramref name="transposeB"/>), either with the same leading
    /// dimensions as a or 2-D (shared by every batch). Result: [..., m, n]. Backward: with a not transposed and b 2-D,
    /// when at most half of the gradient's rows are non-zero the products run over those rows only (<see cref="SparseRowGrads"/>).
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        var p = MatMulShape.Of(a, b, transposeA, transposeB);
        var y = Tensor.Uninitialized(p.OutputShape);
        for (var i = 0; i < p.Batch; i++)
            Compute.Gemm.Sgemm(transposeA, transposeB, p.M, p.N, p.K, 1f,
                a.Data.Slice(i * p.M * p.K, p.M * p.K), transposeA ? p.M : p.K,
                b.Data.Slice(p.BShared ? 0 : i * p.K * p.N, p.K * p.N), transposeB ? p.K : p.N,
                0f, y.Data.Slice(i * p.M * p.N, p.M * p.N), p.N);
        return GradTape.Record(y, (g, sink) =>
        {
            if (!transposeA && p.BShared && SparseRows.Find(g.Data, p.Batch * p.M, p.N) is { } live)
            {
                var (da, db) = SparseRowGrads(g, a, b, p.N, p.K, transposeB, live, sink.Wants(0), sink.Wants(1));
                if (da is not null) sink.AddOwned(0, da);
                if (db is not null) sink.AddOwned(1, db);
                return;
            }
            if (sink.Wants(0)) sink.AddOwned(0, MatMulGradA(g, b, p, transposeA, transposeB, a.Shape));
            if (sink.Wants(1)) sink.AddOwned(1, MatMulGradB(g, a, p, transposeA, transposeB, b.Shape));
        }, a, b);
    }

    /// <summary>
    /// Affine map with the weight stored <c>[in, out]</c> (GPT-2 Conv1D layout): x [..., in] → [..., out],
    /// <c>y = x · w + bias</c>, one product over all rows with the bias added to each row in place. For PyTorch's
    /// <c>[out, in]</c> layout use <see cref="MatMul"/> with transposeB.
    /// Backward (one step): dx = g · wᵀ, dw = xᵀ · g, dbias = Σ_rows g (rows added in order); when at most half of
    /// g's rows are non-zero, the products run over those rows only (<see cref="SparseRowGrads"/>).
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        if (weight.Rank != 2) throw new ArgumentException($"Linear needs a 2-D weight [in, out]; got {weight}.");
        var (dIn, dOut) = (weight.Shape[0], weight.Shape[1]);
        if (x.Rank == 0 || x.Shape[^1] != dIn)
            throw new ArgumentException($"Linear: input {x} does not end in the weight's input size {dIn}.");
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != dOut))
            throw new ArgumentException($"Linear: bias {bias} must be [{dOut}] for weight {weight}.");
        var rows = ShapeMath.ElementCount(x.Shape[..^1]);
        var y = Tensor.Uninitialized([.. x.Shape[..^1], dOut]);                     // [..., out]
        Compute.Gemm.Sgemm(false, false, rows, dOut, dIn, 1f, x.Data, dIn, weight.Data, dOut, 0f, y.Data, dOut);
        if (bias is not null)
            for (var r = 0; r < rows; r++)
            {
                var row = y.Data.Slice(r * dOut, dOut);
                System.Numerics.Tensors.TensorPrimitives.Add(row, bias.Data, row);
            }
        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        return GradTape.Record(y, (g, sink) =>
        {
            var live = SparseRows.Find(g.Data, rows, dOut);
            if (live is not null)
            {
                var (dx, dw) = SparseRowGrads(g, x, weight, dOut, dIn, false, live, sink.Wants(0), sink.Wants(1));
                if (dx is not null) sink.AddOwned(0, dx);
                if (dw is not null) sink.AddOwned(1, dw);
            }
            if (sink.Wants(0) && live is null)
            {
                var gx = Tensor.Uninitialized(x.Shape);                               // [..., in]
                Compute.Gemm.Sgemm(false, true, rows, dIn, dOut, 1f, g.Data, dOut, weight.Data, dOut, 0f, gx.Data, dIn);
                sink.AddOwned(0, gx);
            }
            if (sink.Wants(1) && live is null)
            {
                var gw = Tensor.Uninitialized(weight.Shape);                          // [in, out]
                Compute.Gemm.Sgemm(true, false, dIn, dOut, rows, 1f, x.Data, dIn, g.Data, dOut, 0f, gw.Data, dOut);
                sink.AddOwned(1, gw);
            }
            if (bias is not null && sink.Wants(2)) sink.AddOwned(2, Broadcasting.SumTo(g, bias.Shape));
        }, inputs);
    }

    // dA for one batch: op(A) = dC · op(B)ᵀ  ⇒  A = that, or its transpose when A was transposed.
    private static Tensor MatMulGradA(Tensor g, Tensor b, MatMulShape p, bool ta, bool tb, ReadOnlySpan<int> aShape)
    {
        var ga = Tensor.Uninitialized(aShape);
        for (var i = 0; i < p.Batch; i++)
        {
            var gi = g.Data.Slice(i * p.M * p.N, p.M * p.N);
            var bi = b.Data.Slice(p.BShared ? 0 : i * p.K * p.N, p.K * p.N);
            var dst = ga.Data.Slice(i * p.M * p.K, p.M * p.K);
            if (!ta) Compute.Gemm.Sgemm(false, !tb, p.M, p.K, p.N, 1f, gi, p.N, bi, tb ? p.K : p.N, 0f, dst, p.K);
            else Compute.Gemm.Sgemm(tb, true, p.K, p.M, p.N, 1f, bi, tb ? p.K : p.N, gi, p.N, 0f, dst, p.M);
        }
        return ga;
    }

    // dB: op(B) = op(A)ᵀ · dC, summed over batches when B is shared.
    private static Tensor MatMulGradB(Tensor g, Tensor a, MatMulShape p, bool ta, bool tb, ReadOnlySpan<int> bShape)
    {
        var gb = p.Batch == 0 ? Tensor.Zeros([.. bShape]) : Tensor.Uninitialized(bShape);   // every batch writes its slice (beta 0 first)
        for (var i = 0; i < p.Batch; i++)
        {
            var gi = g.Data.Slice(i * p.M * p.N, p.M * p.N);
            var ai = a.Data.Slice(i * p.M * p.K, p.M * p.K);
            var dst = gb.Data.Slice(p.BShared ? 0 : i * p.K * p.N, p.K * p.N);
            var beta = p.BShared && i > 0 ? 1f : 0f;
            if (!tb) Compute.Gemm.Sgemm(!ta, false, p.K, p.N, p.M, 1f, ai, ta ? p.M : p.K, gi, p.N, beta, dst, p.N);
            else Compute.Gemm.Sgemm(true, ta, p.N, p.K, p.M, 1f, gi, p.N, ai, ta ? p.M : p.K, beta, dst, p.K);
        }
        return gb;
    }

    /// <summary>Sizes of a (batched) matrix product, validated.</summary>
    private readonly record struct MatMulShape(int Batch, int M, int N, int K, bool BShared, int[] OutputShape)
    {
        public static MatMulShape Of(Tensor a, Tensor b, bool ta, bool tb)
        {
            if (a.Rank < 2 || b.Rank < 2)
                throw new ArgumentException($"MatMul needs operands of rank ≥ 2; got {a} and {b}.");
            var (m, ka) = ta ? (a.Shape[^1], a.Shape[^2]) : (a.Shape[^2], a.Shape[^1]);
            var (kb, n) = tb ? (b.Shape[^1], b.Shape[^2]) : (b.Shape[^2], b.Shape[^1]);
            if (ka != kb)
                throw new ArgumentException($"MatMul inner sizes differ: {a}{(ta ? "ᵀ" : "")} · {b}{(tb ? "ᵀ" : "")} ({ka} vs {kb}).");
            var shared = b.Rank == 2;
            if (!shared && !a.Shape[..^2].SequenceEqual(b.Shape[..^2]))
                throw new ArgumentException($"MatMul batch dimensions differ: {a} vs {b} (b may also be 2-D).");
            return new MatMulShape(ShapeMath.ElementCount(a.Shape[..^2]), m, n, ka, shared, [.. a.Shape[..^2], m, n]);
        }
    }
}
