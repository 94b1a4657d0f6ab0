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
    /// <summary>Σ x[j], in double.</summary>
    public static double Sum(ReadOnlySpan<float> x)
    {
        var (acc, j) = (Vector256<double>.Zero, 0);
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= x.Length; j += 8)
            {
                var (lo, hi) = Vector256.Widen(Load(x, j));
                acc += lo + hi;
            }
        var sum = Vector256.Sum(acc);
        for (; j < x.Length; j++) sum += x[j];
        return sum;
    }

    /// <summary>Σ (x[j] − mean)², in double.</summary>
    public static double SumOfSquaredDeviations(ReadOnlySpan<float> x, double mean)
    {
        var (acc, j, m) = (Vector256<double>.Zero, 0, Vector256.Create(mean));
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= x.Length; j += 8)
            {
                var (lo, hi) = Vector256.Widen(Load(x, j));
                var (a, b) = (lo - m, hi - m);
                acc += a * a + b * b;
            }
        var sum = Vector256.Sum(acc);
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
