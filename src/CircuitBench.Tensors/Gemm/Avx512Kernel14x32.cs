using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CircuitBench.Tensors.Gemm;

/// <summary>14×32 micro-kernel on 512-bit vectors with FMA (AVX-512F): 28 accumulator registers, 2 vectors per C row.</summary>
internal readonly struct Avx512Kernel14x32 : IMicroKernel
{
    public static int MR => 14;

    public static int NR => 32;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, bool accumulate)
    {
        Vector512<float> r00v0 = default, r00v1 = default;
        Vector512<float> r01v0 = default, r01v1 = default;
        Vector512<float> r02v0 = default, r02v1 = default;
        Vector512<float> r03v0 = default, r03v1 = default;
        Vector512<float> r04v0 = default, r04v1 = default;
        Vector512<float> r05v0 = default, r05v1 = default;
        Vector512<float> r06v0 = default, r06v1 = default;
        Vector512<float> r07v0 = default, r07v1 = default;
        Vector512<float> r08v0 = default, r08v1 = default;
        Vector512<float> r09v0 = default, r09v1 = default;
        Vector512<float> r10v0 = default, r10v1 = default;
        Vector512<float> r11v0 = default, r11v1 = default;
        Vector512<float> r12v0 = default, r12v1 = default;
        Vector512<float> r13v0 = default, r13v1 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Avx512F.LoadAlignedVector512(b + 0);
            Vector512<float> b1 = Avx512F.LoadAlignedVector512(b + 16);
            Vector512<float> ai;
            ai = Vector512.Create(a[0]); r00v0 = Avx512F.FusedMultiplyAdd(ai, b0, r00v0); r00v1 = Avx512F.FusedMultiplyAdd(ai, b1, r00v1);
            ai = Vector512.Create(a[1]); r01v0 = Avx512F.FusedMultiplyAdd(ai, b0, r01v0); r01v1 = Avx512F.FusedMultiplyAdd(ai, b1, r01v1);
            ai = Vector512.Create(a[2]); r02v0 = Avx512F.FusedMultiplyAdd(ai, b0, r02v0); r02v1 = Avx512F.FusedMultiplyAdd(ai, b1, r02v1);
            ai = Vector512.Create(a[3]); r03v0 = Avx512F.FusedMultiplyAdd(ai, b0, r03v0); r03v1 = Avx512F.FusedMultiplyAdd(ai, b1, r03v1);
            ai = Vector512.Create(a[4]); r04v0 = Avx512F.FusedMultiplyAdd(ai, b0, r04v0); r04v1 = Avx512F.FusedMultiplyAdd(ai, b1, r04v1);
            ai = Vector512.Create(a[5]); r05v0 = Avx512F.FusedMultiplyAdd(ai, b0, r05v0); r05v1 = Avx512F.FusedMultiplyAdd(ai, b1, r05v1);
            ai = Vector512.Create(a[6]); r06v0 = Avx512F.FusedMultiplyAdd(ai, b0, r06v0); r06v1 = Avx512F.FusedMultiplyAdd(ai, b1, r06v1);
            ai = Vector512.Create(a[7]); r07v0 = Avx512F.FusedMultiplyAdd(ai, b0, r07v0); r07v1 = Avx512F.FusedMultiplyAdd(ai, b1, r07v1);
            ai = Vector512.Create(a[8]); r08v0 = Avx512F.FusedMultiplyAdd(ai, b0, r08v0); r08v1 = Avx512F.FusedMultiplyAdd(ai, b1, r08v1);
            ai = Vector512.Create(a[9]); r09v0 = Avx512F.FusedMultiplyAdd(ai, b0, r09v0); r09v1 = Avx512F.FusedMultiplyAdd(ai, b1, r09v1);
            ai = Vector512.Create(a[10]); r10v0 = Avx512F.FusedMultiplyAdd(ai, b0, r10v0); r10v1 = Avx512F.FusedMultiplyAdd(ai, b1, r10v1);
            ai = Vector512.Create(a[11]); r11v0 = Avx512F.FusedMultiplyAdd(ai, b0, r11v0); r11v1 = Avx512F.FusedMultiplyAdd(ai, b1, r11v1);
            ai = Vector512.Create(a[12]); r12v0 = Avx512F.FusedMultiplyAdd(ai, b0, r12v0); r12v1 = Avx512F.FusedMultiplyAdd(ai, b1, r12v1);
            ai = Vector512.Create(a[13]); r13v0 = Avx512F.FusedMultiplyAdd(ai, b0, r13v0); r13v1 = Avx512F.FusedMultiplyAdd(ai, b1, r13v1);
            a += 14;
            b += 32;
        }

        Vector512<float> va = Vector512.Create(alpha);
        if (accumulate)
        {
            Accumulate(va, r00v0, c); Accumulate(va, r00v1, (c) + 16);
            Accumulate(va, r01v0, c + 1 * ldc); Accumulate(va, r01v1, (c + 1 * ldc) + 16);
            Accumulate(va, r02v0, c + 2 * ldc); Accumulate(va, r02v1, (c + 2 * ldc) + 16);
            Accumulate(va, r03v0, c + 3 * ldc); Accumulate(va, r03v1, (c + 3 * ldc) + 16);
            Accumulate(va, r04v0, c + 4 * ldc); Accumulate(va, r04v1, (c + 4 * ldc) + 16);
            Accumulate(va, r05v0, c + 5 * ldc); Accumulate(va, r05v1, (c + 5 * ldc) + 16);
            Accumulate(va, r06v0, c + 6 * ldc); Accumulate(va, r06v1, (c + 6 * ldc) + 16);
            Accumulate(va, r07v0, c + 7 * ldc); Accumulate(va, r07v1, (c + 7 * ldc) + 16);
            Accumulate(va, r08v0, c + 8 * ldc); Accumulate(va, r08v1, (c + 8 * ldc) + 16);
            Accumulate(va, r09v0, c + 9 * ldc); Accumulate(va, r09v1, (c + 9 * ldc) + 16);
            Accumulate(va, r10v0, c + 10 * ldc); Accumulate(va, r10v1, (c + 10 * ldc) + 16);
            Accumulate(va, r11v0, c + 11 * ldc); Accumulate(va, r11v1, (c + 11 * ldc) + 16);
            Accumulate(va, r12v0, c + 12 * ldc); Accumulate(va, r12v1, (c + 12 * ldc) + 16);
            Accumulate(va, r13v0, c + 13 * ldc); Accumulate(va, r13v1, (c + 13 * ldc) + 16);
        }
        else
        {
            Overwrite(va, r00v0, c); Overwrite(va, r00v1, (c) + 16);
            Overwrite(va, r01v0, c + 1 * ldc); Overwrite(va, r01v1, (c + 1 * ldc) + 16);
            Overwrite(va, r02v0, c + 2 * ldc); Overwrite(va, r02v1, (c + 2 * ldc) + 16);
            Overwrite(va, r03v0, c + 3 * ldc); Overwrite(va, r03v1, (c + 3 * ldc) + 16);
            Overwrite(va, r04v0, c + 4 * ldc); Overwrite(va, r04v1, (c + 4 * ldc) + 16);
            Overwrite(va, r05v0, c + 5 * ldc); Overwrite(va, r05v1, (c + 5 * ldc) + 16);
            Overwrite(va, r06v0, c + 6 * ldc); Overwrite(va, r06v1, (c + 6 * ldc) + 16);
            Overwrite(va, r07v0, c + 7 * ldc); Overwrite(va, r07v1, (c + 7 * ldc) + 16);
            Overwrite(va, r08v0, c + 8 * ldc); Overwrite(va, r08v1, (c + 8 * ldc) + 16);
            Overwrite(va, r09v0, c + 9 * ldc); Overwrite(va, r09v1, (c + 9 * ldc) + 16);
            Overwrite(va, r10v0, c + 10 * ldc); Overwrite(va, r10v1, (c + 10 * ldc) + 16);
            Overwrite(va, r11v0, c + 11 * ldc); Overwrite(va, r11v1, (c + 11 * ldc) + 16);
            Overwrite(va, r12v0, c + 12 * ldc); Overwrite(va, r12v1, (c + 12 * ldc) + 16);
            Overwrite(va, r13v0, c + 13 * ldc); Overwrite(va, r13v1, (c + 13 * ldc) + 16);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Accumulate(Vector512<float> alpha, Vector512<float> acc, float* c) =>
        Avx512F.FusedMultiplyAdd(alpha, acc, Avx512F.LoadVector512(c)).Store(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Overwrite(Vector512<float> alpha, Vector512<float> acc, float* c) => (alpha * acc).Store(c);
}
