namespace CircuitBench.Tensors.Gemm;

/// <summary>
/// One multiply <c>C[m,n] = alpha · op(A)[m,k] · op(B)[k,n] + beta · C</c> on pinned memory, with op() folded
/// into strides: <c>op(A)[i,p] = A[i·ARowStride + p·AColStride]</c>, <c>op(B)[p,j] = B[p·BRowStride + j·BColStride]</c>,
/// <c>C[i,j] = C[i·Ldc + j]</c>.
/// </summary>
internal readonly unsafe struct GemmProblem(
    float* a, nint aRowStride, nint aColStride,
    float* b, nint bRowStride, nint bColStride,
    float* c, nint ldc,
    int m, int n, int k, float alpha, float beta)
{
    public readonly float* A = a;
    public readonly nint ARowStride = aRowStride;
    public readonly nint AColStride = aColStride;
    public readonly float* B = b;
    public readonly nint BRowStride = bRowStride;
    public readonly nint BColStride = bColStride;
    public readonly float* C = c;
    public readonly nint Ldc = ldc;
    public readonly int M = m;
    public readonly int N = n;
    public readonly int K = k;
    public readonly float Alpha = alpha;
    public readonly float Beta = beta;
}
