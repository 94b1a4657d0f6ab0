namespace CircuitBench.Tensors.Gemm;

/// <summary>Micro-kernel family used by <see cref="ManagedGemm"/>.</summary>
public enum ManagedGemmKernel
{
    /// <summary>The fastest one the CPU supports: AVX-512, else AVX2 + FMA, else scalar.</summary>
    Auto,

    /// <summary>14×32 tiles on <c>Vector512</c> with FMA; needs AVX-512F.</summary>
    Avx512,

    /// <summary>6×16 tiles on <c>Vector256</c> with FMA; needs AVX2 and FMA3.</summary>
    Avx2,

    /// <summary>4×4 scalar tiles; runs anywhere.</summary>
    Scalar,
}
