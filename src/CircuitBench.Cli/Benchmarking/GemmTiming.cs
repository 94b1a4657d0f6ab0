using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Cli.Benchmarking;

/// <summary>Result of timing one sgemm shape: median seconds per multiply and the matching GFLOP/s.</summary>
/// <param name="Seconds">Median wall time of one <c>C[m,n] = A[m,k] · B[k,n]</c>.</param>
/// <param name="Gflops"><c>2·m·n·k / Seconds / 1e9</c>.</param>
public sealed record GemmTimingResult(double Seconds, double Gflops);

/// <summary>Times <c>C[m,n] = A[m,k] · B[k,n]</c> (no transposes, beta = 0) on one backend.</summary>
public static class GemmTiming
{
    /// <summary>Untimed multiplies before measuring (JIT, page faults, OpenBLAS thread start-up).</summary>
    public const int WarmUpRuns = 2;

    /// <summary>Runs <see cref="WarmUpRuns"/> untimed then <paramref name="repeats"/> timed multiplies; returns the median.</summary>
    public static GemmTimingResult Measure(IGemmBackend backend, int m, int n, int k, int repeats)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var random = new Random(12345);
        float[] a = RandomMatrix(random, m, k); // [m, k]
        float[] b = RandomMatrix(random, k, n); // [k, n]
        float[] c = new float[checked(m * n)];  // [m, n]
        double median = Timings.MedianSeconds(() => backend.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n), WarmUpRuns, repeats);
        return new GemmTimingResult(median, 2.0 * m * n * k / median / 1e9);
    }

    private static float[] RandomMatrix(Random random, int rows, int cols)
    {
        var data = new float[checked(rows * cols)];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return data;
    }
}
