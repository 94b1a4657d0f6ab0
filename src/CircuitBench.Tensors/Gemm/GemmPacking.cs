using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CircuitBench.Tensors.Gemm;

/// <summary>Copies a block of op(A) or op(B) into the contiguous sliver layout the micro-kernels read.</summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs a <c>[width, kc]</c> block whose element <c>(w, p)</c> is <c>src[w·wStride + p·pStride]</c>
    /// into slivers of <paramref name="sliver"/> rows along w: layout <c>[ceil(width/sliver), kc, sliver]</c>,
    /// element <c>(w, p)</c> at <c>dst[(w / sliver)·kc·sliver + p·sliver + w % sliver]</c>; the last sliver is zero-padded.
    /// </summary>
    /// <remarks>For A the w axis is the row i of op(A); for B it is the column j of op(B). One of the two strides is 1.</remarks>
    public static void Pack(float* src, nint wStride, nint pStride, int width, int kc, int sliver, float* dst)
    {
        if (wStride == 1)
        {
            PackContiguousW(src, pStride, width, kc, sliver, dst);
        }
        else
        {
            PackContiguousP(src, wStride, pStride, width, kc, sliver, dst);
        }
    }

    // op(X) rows along w are contiguous (A transposed, B not): walk each source row p once, from left to right,
    // handing `sliver`-wide pieces to the slivers; zero the padding of the last one.
    private static void PackContiguousW(float* src, nint pStride, int width, int kc, int sliver, float* dst)
    {
        nint sliverSize = (nint)kc * sliver;
        for (int p = 0; p < kc; p++)
        {
            float* s = src + p * pStride;
            float* d = dst + p * sliver;
            for (int w0 = 0; w0 < width; w0 += sliver, d += sliverSize)
            {
                int count = Math.Min(sliver, width - w0);
                int w = 0;
                for (; w + 8 <= count; w += 8)
                {
                    Vector256.Store(Vector256.Load(s + w0 + w), d + w);
                }

                for (; w < count; w++)
                {
                    d[w] = s[w0 + w];
                }

                for (; w < sliver; w++)
                {
                    d[w] = 0f;
                }
            }
        }
    }

    // op(X) is contiguous along p (A not transposed, B transposed): transpose 8×8 blocks in registers when a
    // sliver has at least 8 rows (groups of 8 rows, the last group ending at row count-1 and overlapping the
    // previous one with equal values), else copy element by element.
    private static void PackContiguousP(float* src, nint wStride, nint pStride, int width, int kc, int sliver, float* dst)
    {
        for (int w0 = 0; w0 < width; w0 += sliver, dst += (nint)kc * sliver)
        {
            int count = Math.Min(sliver, width - w0);
            float* s = src + w0 * wStride;
            int p = 0;
            if (count >= 8 && pStride == 1 && Avx.IsSupported)
            {
                for (; p + 8 <= kc; p += 8)
                {
                    for (int w = 0; w < count; w += 8)
                    {
                        int rows = Math.Min(w, count - 8);
                        Transpose8x8(s + rows * wStride + p, wStride, dst + p * sliver + rows, sliver);
                    }
                }
            }

            for (; p < kc; p++)
            {
                for (int w = 0; w < count; w++)
                {
                    dst[p * sliver + w] = s[w * wStride + p * pStride];
                }
            }

            for (int w = count; w < sliver; w++)
            {
                for (p = 0; p < kc; p++)
                {
                    dst[p * sliver + w] = 0f;
                }
            }
        }
    }

    // Reads 8 rows of 8 floats (row r at src + r·srcStride) and writes column j to dst + j·dstStride.
    private static void Transpose8x8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + srcStride);
        Vector256<float> r2 = Avx.LoadVector256(src + 2 * srcStride), r3 = Avx.LoadVector256(src + 3 * srcStride);
        Vector256<float> r4 = Avx.LoadVector256(src + 4 * srcStride), r5 = Avx.LoadVector256(src + 5 * srcStride);
        Vector256<float> r6 = Avx.LoadVector256(src + 6 * srcStride), r7 = Avx.LoadVector256(src + 7 * srcStride);

        // Interleave pairs of rows, then pairs of pairs: u_j holds columns {j, j+4} of rows 0..3 | 4..7 per 128-bit lane.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(u3, u7, 0x31));
    }
}
