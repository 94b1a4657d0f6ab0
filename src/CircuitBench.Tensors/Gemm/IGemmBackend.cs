namespace CircuitBench.Tensors.Gemm;

/// <summary>
/// Single-precision general matrix multiply on row-major storage:
/// <c>C[m,n] = alpha · op(A)[m,k] · op(B)[k,n] + beta · C[m,n]</c>, where <c>op(X)</c> is X or Xᵀ.
/// </summary>
/// <remarks>
/// Leading dimensions are row strides as stored: A is <c>[m,k]</c> with <c>lda ≥ k</c> (or <c>[k,m]</c>
/// with <c>lda ≥ m</c> when transposed), likewise B and C. When <c>beta == 0</c>, C is not read
/// (NaNs already in C do not propagate), matching BLAS.
/// </remarks>
public interface IGemmBackend
{
    /// <summary>Short name used in benchmarks and the <c>CIRCUITBENCH_GEMM</c> variable.</summary>
    string Name { get; }

    /// <summary>Number of threads this backend computes with.</summary>
    int Threads { get; }

    /// <summary>Computes <c>C = alpha · op(A) · op(B) + beta · C</c> (row-major).</summary>
    void Sgemm(bool transposeA, bool transposeB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc);
}
