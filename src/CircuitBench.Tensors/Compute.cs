using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Tensors;

/// <summary>Process-wide compute settings, read once from the environment (<c>CIRCUITBENCH_GEMM</c>, <c>CIRCUITBENCH_THREADS</c>).</summary>
public static class Compute
{
    private static readonly Lazy<IGemmBackend> DefaultGemm = new(() => GemmBackends.Default);

    /// <summary>The GEMM backend every matrix product in the ops uses.</summary>
    public static IGemmBackend Gemm => DefaultGemm.Value;
}
