namespace CircuitBench.Tensors.Gemm;

/// <summary>
/// A register-tiled micro-kernel: one <c>MR×NR</c> tile of C from packed slivers of A and B.
/// </summary>
/// <remarks>
/// Packed A sliver: <c>[kc, MR]</c> (element <c>(i, p)</c> at <c>a[p·MR + i]</c>).
/// Packed B sliver: <c>[kc, NR]</c> (element <c>(p, j)</c> at <c>b[p·NR + j]</c>).
/// Every element is summed from zero over <c>p = 0 .. kc-1</c> in order with fused multiply-adds, then
/// written as <c>alpha·acc</c> (overwrite) or <c>fma(alpha, acc, c)</c> (accumulate). That order is the
/// same for every tile position, which makes results independent of how C is partitioned.
/// </remarks>
internal interface IMicroKernel
{
    /// <summary>Rows of the C tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the C tile.</summary>
    static abstract int NR { get; }

    /// <summary>Computes the full tile at <paramref name="c"/> (row stride <paramref name="ldc"/>).</summary>
    static abstract unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, bool accumulate);
}
