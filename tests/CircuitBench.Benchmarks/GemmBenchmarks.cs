using BenchmarkDotNet.Attributes;
using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Benchmarks;

/// <summary>
/// sgemm <c>C[m,n] = A[m,k] · B[k,n]</c> on the managed kernel and on OpenBLAS, 2 threads each, at the two
/// shapes of the acceptance criterion (managed ≥ 60 % of OpenBLAS GFLOP/s). Run with <c>--filter *Gemm*</c>.
/// </summary>
public class GemmBenchmarks
{
    private const int Threads = 2;

    private IGemmBackend _backend = null!;
    private float[] _a = []; // [m, k]
    private float[] _b = []; // [k, n]
    private float[] _c = []; // [m, n]

    /// <summary>Backend name as accepted by <see cref="GemmBackends.Create"/>.</summary>
    [Params("managed", "openblas")]
    public string Backend { get; set; } = "managed";

    /// <summary>Problem shape.</summary>
    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = new(1, 1, 1);

    /// <summary>The shapes of the acceptance criterion.</summary>
    public static IEnumerable<GemmShape> Shapes => [new(1024, 1024, 1024), new(512, 3072, 768)];

    /// <summary>Creates the backend (failing when OpenBLAS is missing) and random inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _backend = GemmBackends.Create(Backend, Threads);
        var random = new Random(7);
        _a = [.. Enumerable.Range(0, Shape.M * Shape.K).Select(_ => (float)random.NextDouble() - 0.5f)];
        _b = [.. Enumerable.Range(0, Shape.K * Shape.N).Select(_ => (float)random.NextDouble() - 0.5f)];
        _c = new float[Shape.M * Shape.N];
    }

    /// <summary>One multiply; GFLOP/s = 2·m·n·k / time.</summary>
    [Benchmark]
    public void Sgemm() =>
        _backend.Sgemm(false, false, Shape.M, Shape.N, Shape.K, 1f, _a, Shape.K, _b, Shape.N, 0f, _c, Shape.N);
}

/// <summary>An sgemm shape <c>m×n×k</c>.</summary>
/// <param name="M">Rows of A and C.</param>
/// <param name="N">Columns of B and C.</param>
/// <param name="K">Reduction length.</param>
public sealed record GemmShape(int M, int N, int K)
{
    /// <inheritdoc/>
    public override string ToString() => $"{M}x{N}x{K}";
}
