namespace CircuitBench.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Backward of <c>y = a · op(b)</c> (a [rows, k] in memory, b [k, n], or [n, k] when <paramref name="tb"/>) when the
    /// output gradient g [rows, n] has non-zero entries in the rows <paramref name="live"/> only (<see cref="SparseRows.Find"/>):
    /// the products run over those rows alone. da = g · op(b)ᵀ is zero in the other rows and db = aᵀ · g gets nothing from
    /// them, so the result equals the dense one up to the rounding of the shorter sums of db (finite a and b assumed: the
    /// dense product would turn an infinite a or b into NaN even against a zero gradient).
    /// </summary>
    private static (Tensor? Da, Tensor? Db) SparseRowGrads(Tensor g, Tensor a, Tensor b, int n, int k, bool tb, int[] live, bool wantA, bool wantB)
    {
        var r = live.Length;
        if (r == 0) return (wantA ? Tensor.Zeros(a.Shape.ToArray()) : null, wantB ? Tensor.Zeros(b.Shape.ToArray()) : null);
        using var gc = SparseRows.Gather(g.Data, n, live);                                   // [r, n]
        Tensor? da = null, db = null;
        if (wantA)
        {
            using var dac = Tensor.Uninitialized([r, k]);                                   // [r, k]
            Compute.Gemm.Sgemm(false, !tb, r, k, n, 1f, gc.Data, n, b.Data, tb ? k : n, 0f, dac.Data, k);
            da = SparseRows.Scatter(dac.Data, k, live, a.Shape);
        }
        if (wantB)
        {
            using var ac = SparseRows.Gather(a.Data, k, live);                              // [r, k]
            db = Tensor.Uninitialized(b.Shape);                                              // [k, n] or [n, k]
            if (!tb) Compute.Gemm.Sgemm(true, false, k, n, r, 1f, ac.Data, k, gc.Data, n, 0f, db.Data, n);
            else Compute.Gemm.Sgemm(true, false, n, k, r, 1f, gc.Data, n, ac.Data, k, 0f, db.Data, k);
        }
        return (da, db);
    }
}
