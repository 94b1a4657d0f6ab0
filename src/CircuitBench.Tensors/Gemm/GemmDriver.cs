using System.Runtime.Intrinsics;

namespace CircuitBench.Tensors.Gemm;

/// <summary>
/// The blocked loops around a micro-kernel for one rectangle of C: <c>jc</c> over column panels of width NC,
/// <c>pc</c> over reduction blocks of depth KC (pack op(B) panel <c>[kc, nc]</c>), <c>ic</c> over row blocks of
/// height MC (pack op(A) block <c>[mc, kc]</c>), then NR-wide and MR-high micro-tiles.
/// </summary>
/// <remarks>
/// Every C element is computed as: (optionally) <c>c = beta·c</c>, then for each reduction block in order
/// <c>c = fma(alpha, Σ_block, c)</c> (or <c>alpha·Σ_block</c> for the first block when beta is 0), with the block
/// sum taken in order from zero. The reduction blocks depend only on k, so the result does not depend on which
/// rectangle (thread) the element belongs to.
/// </remarks>
internal static unsafe class GemmDriver<TKernel> where TKernel : struct, IMicroKernel
{
    /// <summary>Depth of each reduction block: the k range split into equal blocks of at most <c>KC</c>.</summary>
    public static int ReductionBlock(int k, int kcMax)
    {
        int blocks = (k + kcMax - 1) / kcMax;
        return (k + blocks - 1) / blocks;
    }

    /// <summary>Computes rows <c>[r0, r1)</c> and columns <c>[c0, c1)</c> of C.</summary>
    public static void Compute(in GemmProblem p, int r0, int r1, int c0, int c1, GemmBlocking blocking, PackingBuffers buffers)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        int mcMax = RoundUp(blocking.MC, mr);
        int ncMax = RoundUp(blocking.NC, nr);
        int kcMax = ReductionBlock(p.K, blocking.KC);
        buffers.EnsureCapacity(Math.Min(mcMax, RoundUp(r1 - r0, mr)) * kcMax, Math.Min(ncMax, RoundUp(c1 - c0, nr)) * kcMax);

        if (p.Beta != 0f && p.Beta != 1f)
        {
            ScaleC(p, r0, r1, c0, c1);
        }

        // edge: [MR, NR] scratch tile for partial tiles at the bottom and right borders.
        float* edge = stackalloc float[mr * nr];
        for (int jc = c0; jc < c1; jc += ncMax)
        {
            int nc = Math.Min(ncMax, c1 - jc);
            for (int pc = 0; pc < p.K; pc += kcMax)
            {
                int kc = Math.Min(kcMax, p.K - pc);
                bool accumulate = pc > 0 || p.Beta != 0f;
                GemmPacking.Pack(p.B + pc * p.BRowStride + jc * p.BColStride, p.BColStride, p.BRowStride, nc, kc, nr, buffers.B);
                for (int ic = r0; ic < r1; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, r1 - ic);
                    GemmPacking.Pack(p.A + ic * p.ARowStride + pc * p.AColStride, p.ARowStride, p.AColStride, mc, kc, mr, buffers.A);
                    MacroKernel(mc, nc, kc, buffers.A, buffers.B, p.C + ic * p.Ldc + jc, p.Ldc, p.Alpha, accumulate, edge);
                }
            }
        }
    }

    // Packed A: [ceil(mc/MR), kc, MR]; packed B: [ceil(nc/NR), kc, NR]; c: the [mc, nc] block of C.
    private static void MacroKernel(int mc, int nc, int kc, float* packedA, float* packedB, float* c, nint ldc,
        float alpha, bool accumulate, float* edge)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int tileN = Math.Min(nr, nc - jr);
            float* bSliver = packedB + (nint)(jr / nr) * kc * nr;
            for (int ir = 0; ir < mc; ir += mr)
            {
                int tileM = Math.Min(mr, mc - ir);
                float* aSliver = packedA + (nint)(ir / mr) * kc * mr;
                float* cTile = c + ir * ldc + jr;
                if (tileM == mr && tileN == nr)
                {
                    TKernel.Run(kc, aSliver, bSliver, cTile, ldc, alpha, accumulate);
                }
                else
                {
                    EdgeTile(kc, aSliver, bSliver, cTile, ldc, tileM, tileN, alpha, accumulate, edge);
                }
            }
        }
    }

    // Runs the kernel into the scratch tile with alpha = 1 (exact), then merges the valid part with the
    // same arithmetic the kernel uses on C, so border elements round exactly like interior ones.
    private static void EdgeTile(int kc, float* aSliver, float* bSliver, float* c, nint ldc, int tileM, int tileN,
        float alpha, bool accumulate, float* edge)
    {
        int nr = TKernel.NR;
        TKernel.Run(kc, aSliver, bSliver, edge, nr, 1f, accumulate: false);
        for (int i = 0; i < tileM; i++)
        {
            MergeRow(c + i * ldc, edge + i * nr, tileN, alpha, accumulate);
        }
    }

    // row[j] = fma(alpha, sums[j], row[j]) or alpha·sums[j] for j < n: vectors where they fit, then scalars (same values).
    private static void MergeRow(float* row, float* sums, int n, float alpha, bool accumulate)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> va = Vector512.Create(alpha);
            for (; j + 16 <= n; j += 16)
            {
                Vector512<float> s = Vector512.Load(sums + j);
                (accumulate ? Vector512.FusedMultiplyAdd(va, s, Vector512.Load(row + j)) : va * s).Store(row + j);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> va = Vector256.Create(alpha);
            for (; j + 8 <= n; j += 8)
            {
                Vector256<float> s = Vector256.Load(sums + j);
                (accumulate ? Vector256.FusedMultiplyAdd(va, s, Vector256.Load(row + j)) : va * s).Store(row + j);
            }
        }

        for (; j < n; j++)
        {
            row[j] = accumulate ? MathF.FusedMultiplyAdd(alpha, sums[j], row[j]) : alpha * sums[j];
        }
    }

    private static void ScaleC(in GemmProblem p, int r0, int r1, int c0, int c1)
    {
        for (int i = r0; i < r1; i++)
        {
            float* row = p.C + i * p.Ldc;
            for (int j = c0; j < c1; j++)
            {
                row[j] *= p.Beta;
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
