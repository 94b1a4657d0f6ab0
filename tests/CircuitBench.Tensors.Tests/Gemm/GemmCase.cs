using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Tensors.Tests.Gemm;

/// <summary>
/// One random sgemm problem with padded leading dimensions. Padding in A and B holds NaN (so a read outside
/// the matrix shows up in the result); padding in C holds a sentinel that must survive.
/// </summary>
internal sealed class GemmCase
{
    private const float Sentinel = -12345.5f;

    public GemmCase(bool transposeA, bool transposeB, int m, int n, int k, float alpha, float beta,
        int pad = 0, bool nanInC = false, int seed = 1)
    {
        (TransposeA, TransposeB, M, N, K, Alpha, Beta) = (transposeA, transposeB, m, n, k, alpha, beta);
        var random = new Random(seed);
        (int aRows, int aCols) = transposeA ? (k, m) : (m, k);
        (int bRows, int bCols) = transposeB ? (n, k) : (k, n);
        Lda = aCols + pad;
        Ldb = bCols + pad;
        Ldc = n + pad;
        A = Fill(random, aRows, aCols, Lda, float.NaN);
        B = Fill(random, bRows, bCols, Ldb, float.NaN);
        C0 = Fill(random, m, n, Ldc, Sentinel);
        if (nanInC)
        {
            for (int i = 0; i < m; i++)
            {
                C0.AsSpan(i * Ldc, n).Fill(float.NaN);
            }
        }
    }

    public bool TransposeA { get; }
    public bool TransposeB { get; }
    public int M { get; }
    public int N { get; }
    public int K { get; }
    public float Alpha { get; }
    public float Beta { get; }
    public int Lda { get; }
    public int Ldb { get; }
    public int Ldc { get; }
    public float[] A { get; }
    public float[] B { get; }

    /// <summary>C before the multiply, <c>[m, ldc]</c>.</summary>
    public float[] C0 { get; }

    /// <summary>Runs the backend on a copy of C0 and returns the result.</summary>
    public float[] Run(IGemmBackend backend)
    {
        float[] c = (float[])C0.Clone();
        backend.Sgemm(TransposeA, TransposeB, M, N, K, Alpha, A, Lda, B, Ldb, Beta, c, Ldc);
        return c;
    }

    /// <summary>
    /// Checks <paramref name="c"/> against a double-precision product. Tolerance per element:
    /// <c>2·(k+2)·2⁻²⁴·(|alpha|·Σ|a||b| + |beta·c0|)</c>, the classic bound for a length-k float dot product.
    /// </summary>
    public void AssertMatchesReference(float[] c, string label)
    {
        // opA: [m, k] and opBt: [n, k] in double, so each element is one contiguous dot product.
        double[] opA = new double[M * K], opBt = new double[N * K];
        for (int p = 0; p < K; p++)
        {
            for (int i = 0; i < M; i++)
            {
                opA[i * K + p] = TransposeA ? A[p * Lda + i] : A[i * Lda + p];
            }

            for (int j = 0; j < N; j++)
            {
                opBt[j * K + p] = TransposeB ? B[j * Ldb + p] : B[p * Ldb + j];
            }
        }

        for (int i = 0; i < M; i++)
        {
            for (int j = 0; j < N; j++)
            {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < K; p++)
                {
                    double product = opA[i * K + p] * opBt[j * K + p];
                    sum += product;
                    magnitude += Math.Abs(product);
                }

                double c0 = Beta == 0f ? 0 : (double)Beta * C0[i * Ldc + j];
                double expected = Alpha * sum + c0;
                double tolerance = 2.0 * (K + 2) * Math.Pow(2, -24) * (Math.Abs(Alpha) * magnitude + Math.Abs(c0)) + 1e-30;
                float actual = c[i * Ldc + j];
                if (!(Math.Abs(actual - expected) <= tolerance))
                {
                    Assert.Fail($"{label}: C[{i},{j}] = {actual}, expected {expected} ± {tolerance:E2} ({Describe()})");
                }
            }

            for (int j = N; j < Ldc && i * Ldc + j < c.Length; j++)
            {
                if (c[i * Ldc + j] != Sentinel)
                {
                    Assert.Fail($"{label}: padding C[{i},{j}] was overwritten ({Describe()})");
                }
            }
        }
    }

    public string Describe() =>
        $"transA={TransposeA} transB={TransposeB} m={M} n={N} k={K} alpha={Alpha} beta={Beta} lda={Lda} ldb={Ldb} ldc={Ldc}";

    // A [rows, ld] buffer whose first `cols` of each row are uniform in [-1, 1) and the rest is `padding`;
    // the last row is cut at `cols` like a tightly sized tensor.
    private static float[] Fill(Random random, int rows, int cols, int ld, float padding)
    {
        var data = new float[(int)GemmArguments.RequiredLength(rows, cols, ld)];
        Array.Fill(data, padding);
        for (int r = 0; r < rows; r++)
        {
            for (int col = 0; col < cols; col++)
            {
                data[r * ld + col] = (float)(random.NextDouble() * 2 - 1);
            }
        }

        return data;
    }
}
