using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CircuitBench.Tensors.Gemm;

/// <summary>6×16 micro-kernel on 256-bit vectors with FMA (AVX2 + FMA3): 12 accumulator registers, 2 vectors per C row.</summary>
internal readonly struct Avx2Kernel6x16 : IMicroKernel
{
    public static int MR => 6;

    public static int NR => 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, bool accumulate)
    {
        Vector256<float> r00v0 = default, r00v1 = default;
        Vector256<float> r01v0 = default, r01v1 = default;
        Vector256<float> r02v0 = default, r02v1 = default;
        Vector256<float> r03v0 = default, r03v1 = default;
        Vector256<float> r04v0 = default, r04v1 = default;
        Vector256<float> r05v0 = default, r05v1 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Avx.LoadAlignedVector256(b + 0);
            Vector256<float> b1 = Avx.LoadAlignedVector256(b + 8);
            Vector256<float> ai;
            ai = Vector256.Create(a[0]); r00v0 = Fma.MultiplyAdd(ai, b0, r00v0); r00v1 = Fma.MultiplyAdd(ai, b1, r00v1);
            ai = Vector256.Create(a[1]); r01v0 = Fma.MultiplyAdd(ai, b0, r01v0); r01v1 = Fma.MultiplyAdd(ai, b1, r01v1);
            ai = Vector256.Create(a[2]); r02v0 = Fma.MultiplyAdd(ai, b0, r02v0); r02v1 = Fma.MultiplyAdd(ai, b1, r02v1);
            ai = Vector256.Create(a[3]); r03v0 = Fma.MultiplyAdd(ai, b0, r03v0); r03v1 = Fma.MultiplyAdd(ai, b1, r03v1);
            ai = Vector256.Create(a[4]); r04v0 = Fma.MultiplyAdd(ai, b0, r04v0); r04v1 = Fma.MultiplyAdd(ai, b1, r04v1);
            ai = Vector256.Create(a[5]); r05v0 = Fma.MultiplyAdd(ai, b0, r05v0); r05v1 = Fma.MultiplyAdd(ai, b1, r05v1);
            a += 6;
            b += 16;
        }

        Vector256<float> va = Vector256.Create(alpha);
        if (accumulate)
        {
            Accumulate(va, r00v0, c); Accumulate(va, r00v1, (c) + 8);
            Accumulate(va, r01v0, c + 1 * ldc); Accumulate(va, r01v1, (c + 1 * ldc) + 8);
            Accumulate(va, r02v0, c + 2 * ldc); Accumulate(va, r02v1, (c + 2 * ldc) + 8);
            Accumulate(va, r03v0, c + 3 * ldc); Accumulate(va, r03v1, (c + 3 * ldc) + 8);
            Accumulate(va, r04v0, c + 4 * ldc); Accumulate(va, r04v1, (c + 4 * ldc) + 8);
            Accumulate(va, r05v0, c + 5 * ldc); Accumulate(va, r05v1, (c + 5 * ldc) + 8);
        }
        else
        {
            Overwrite(va, r00v0, c); Overwrite(va, r00v1, (c) + 8);
            Overwrite(va, r01v0, c + 1 * ldc); Overwrite(va, r01v1, (c + 1 * ldc) + 8);
            Overwrite(va, r02v0, c + 2 * ldc); Overwrite(va, r02v1, (c + 2 * ldc) + 8);
            Overwrite(va, r03v0, c + 3 * ldc); Overwrite(va, r03v1, (c + 3 * ldc) + 8);
            Overwrite(va, r04v0, c + 4 * ldc); Overwrite(va, r04v1, (c + 4 * ldc) + 8);
            Overwrite(va, r05v0, c + 5 * ldc); Overwrite(va, r05v1, (c + 5 * ldc) + 8);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Accumulate(Vector256<float> alpha, Vector256<float> acc, float* c) =>
        Fma.MultiplyAdd(alpha, acc, Avx.LoadVector256(c)).Store(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Overwrite(Vector256<float> alpha, Vector256<float> acc, float* c) => (alpha * acc).Store(c);
}
