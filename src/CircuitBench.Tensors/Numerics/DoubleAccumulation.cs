using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CircuitBench.Tensors.Numerics;

/// <summary>
/// Row reductions and the normalisation step of LayerNorm/RMSNorm over float rows, computed in double precision and
/// vectorised (each 8-float block widened to two 4-double lanes). The summation order is fixed by the row length
/// alone (lane-wise partial sums, then the lanes, then the tail), so results are deterministic.
/// </summary>
internal static class DoubleAccumulation
{
    // Reductions keep four independent vector sums over 16-float steps (so the additions do not wait on each other), then
    // take an 8-float step and the tail: the order depends on the length alone.

    /// <summary>Σ x[j], in double.</summary>
    public static double Sum(ReadOnlySpan<float> x)
    {
        var (a0, a1, a2, a3, j) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, 0);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 16 <= x.Length; j += 16)
            {
                var (lo, hi) = Vector256.Widen(Load(x, j));
                var (lo2, hi2) = Vector256.Widen(Load(x, j + 8));
                (a0, a1, a2, a3) = (a0 + lo, a1 + hi, a2 + lo2, a3 + hi2);
            }
            for (; j + 8 <= x.Length; j += 8)
            {
                var (lo, hi) = Vector256.Widen(Load(x, j));
                (a0, a1) = (a0 + lo, a1 + hi);
            }
        }
        var sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        for (; j < x.Length; j++) sum += x[j];
        return sum;
    }

    /// <summary>Σ (x[j] − mean)², in double.</summary>
    public static double SumOfSquaredDeviations(ReadOnlySpan<float> x, double mean)
    {
        var (a0, a1, a2, a3, j) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, 0);
        var m = Vector256.Create(mean);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 16 <= x.Length; j += 16)
            {
                var (lo, hi) = Vector256.Widen(Load(x, j));
                var (lo2, hi2) = Vector256.Widen(Load(x, j + 8));
                var (d0, d1, d2, d3) = (lo - m, hi - m, lo2 - m, hi2 - m);
                (a0, a1, a2, a3) = (a0 + d0 * d0, a1 + d1 * d1, a2 + d2 * d2, a3 + d3 * d3);
            }
            for (; j + 8 <= x.Length; j += 8)
            {
                var (lo, hi) = Vector256.Widen(Load(x, j));
                var (d0, d1) = (lo - m, hi - m);
                (a0, a1) = (a0 + d0 * d0, a1 + d1 * d1);
            }
        }
        var sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        for (; j < x.Length; j++) sum += (x[j] - mean) * (x[j] - mean);
        return sum;
    }

    /// <summary>Σ x[j] and Σ x[j]·y[j], in double.</summary>
    public static (double Sum, double Dot) SumAndDot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var (sums, dots, j) = (Vector256<double>.Zero, Vector256<double>.Zero, 0);
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= x.Length; j += 8)
            {
                var (xl, xh) = Vector256.Widen(Load(x, j));
                var (yl, yh) = Vector256.Widen(Load(y, j));
                sums += xl + xh;
                dots += xl * yl + xh * yh;
            }
        var (sum, dot) = (Vector256.Sum(sums), Vector256.Sum(dots));
        for (; j < x.Length; j++)
        {
            sum += x[j];
            dot += (double)x[j] * y[j];
        }
        return (sum, dot);
    }

    /// <summary>dst[j] = (float)((x[j] − mean) · scale), each element in double (the same value as the scalar expression).</summary>
    public static void Standardize(ReadOnlySpan<float> x, double mean, double scale, Span<float> dst)
    {
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var (m, s) = (Vector256.Create(mean), Vector256.Create(scale));
            for (; j + 8 <= x.Length; j += 8)
            {
                var (lo, hi) = Vector256.Widen(Load(x, j));
                Vector256.Narrow((lo - m) * s, (hi - m) * s).StoreUnsafe(ref MemoryMarshal.GetReference(dst), (nuint)j);
            }
        }
        for (; j < x.Length; j++) dst[j] = (float)((x[j] - mean) * scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Load(ReadOnlySpan<float> x, int at) => Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(x), (nuint)at);
}
