using System.Runtime.Intrinsics;

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
        for (int w0 = 0; w0 < width; w0 += sliver)
        {
            int count = Math.Min(sliver, width - w0);
            float* s = src + w0 * wStride;
            if (wStride == 1)
            {
                PackContiguousW(s, pStride, count, kc, sliver, dst);
            }
            else
            {
                PackContiguousP(s, wStride, pStride, count, kc, sliver, dst);
            }

            dst += (nint)kc * sliver;
        }
    }

    // Rows of the sliver are contiguous in memory: copy `count` floats per p, then zero the padding.
    private static void PackContiguousW(float* src, nint pStride, int count, int kc, int sliver, float* dst)
    {
        for (int p = 0; p < kc; p++)
        {
            float* s = src + p * pStride;
            float* d = dst + p * sliver;
            int w = 0;
            for (; w + 8 <= count; w += 8)
            {
                Vector256.Store(Vector256.Load(s + w), d + w);
            }

            for (; w < count; w++)
            {
                d[w] = s[w];
            }

            for (; w < sliver; w++)
            {
                d[w] = 0f;
            }
        }
    }

    // Each w is a run along p (strided by pStride, usually 1): transpose into the sliver.
    private static void PackContiguousP(float* src, nint wStride, nint pStride, int count, int kc, int sliver, float* dst)
    {
        for (int w = 0; w < count; w++)
        {
            float* s = src + w * wStride;
            for (int p = 0; p < kc; p++)
            {
                dst[p * sliver + w] = s[p * pStride];
            }
        }

        for (int w = count; w < sliver; w++)
        {
            for (int p = 0; p < kc; p++)
            {
                dst[p * sliver + w] = 0f;
            }
        }
    }
}
