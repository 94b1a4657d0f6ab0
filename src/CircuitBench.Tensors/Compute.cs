using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Tensors;

/// <summary>
/// Compute settings of the ops: the GEMM backend and the thread count of the parallel loops. The process default
/// comes from the environment (<c>CIRCUITBENCH_GEMM</c>, <c>CIRCUITBENCH_THREADS</c>), read once; <see cref="Use"/>
/// replaces it for one logical flow of execution (async-local, so concurrent callers do not see each other's choice).
/// </summary>
public static class Compute
{
    private static readonly Lazy<IGemmBackend> DefaultGemm = new(() => GemmBackends.Default);
    private static readonly AsyncLocal<IGemmBackend?> ScopedGemm = new();

    /// <summary>The GEMM backend every matrix product in the ops uses.</summary>
    public static IGemmBackend Gemm => ScopedGemm.Value ?? DefaultGemm.Value;

    /// <summary>Threads the ops' parallel loops use: the backend's thread count. Results do not depend on it.</summary>
    public static int Threads => Gemm.Threads;

    /// <summary>
    /// Makes the ops on this flow of execution use <paramref name="backend"/> (and its thread count) until the
    /// returned scope is disposed, which restores the previous choice. Scopes nest.
    /// </summary>
    public static IDisposable Use(IGemmBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var previous = ScopedGemm.Value;
        ScopedGemm.Value = backend;
        return new Restore(previous);
    }

    private sealed class Restore(IGemmBackend? previous) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            ScopedGemm.Value = previous;
        }
    }
}
