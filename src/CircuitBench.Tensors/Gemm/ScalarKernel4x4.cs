namespace CircuitBench.Tensors.Gemm;

/// <summary>4×4 scalar micro-kernel for CPUs without AVX2/FMA or AVX-512 (same summation order as the SIMD kernels).</summary>
internal readonly struct ScalarKernel4x4 : IMicroKernel
{
    public static int MR => 4;

    public static int NR => 4;

    public static unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, bool accumulate)
    {
        // acc: [MR, NR] row-major.
        float* acc = stackalloc float[4 * 4];
        new Span<float>(acc, 4 * 4).Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int i = 0; i < 4; i++)
            {
                float ai = a[i];
                for (int j = 0; j < 4; j++)
                {
                    acc[i * 4 + j] = MathF.FusedMultiplyAdd(ai, b[j], acc[i * 4 + j]);
                }
            }

            a += 4;
            b += 4;
        }

        for (int i = 0; i < 4; i++)
        {
            float* row = c + i * ldc;
            for (int j = 0; j < 4; j++)
            {
                row[j] = accumulate ? MathF.FusedMultiplyAdd(alpha, acc[i * 4 + j], row[j]) : alpha * acc[i * 4 + j];
            }
        }
    }
}
