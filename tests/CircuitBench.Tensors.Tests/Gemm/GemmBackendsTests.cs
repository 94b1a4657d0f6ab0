using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Tensors.Tests.Gemm;

/// <summary>Environment variables are process-wide, so these tests run alone.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection;

/// <summary>Choosing a backend by name and from <c>CIRCUITBENCH_GEMM</c> / <c>CIRCUITBENCH_THREADS</c>.</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class GemmBackendsTests
{
    [Theory]
    [InlineData("managed")]
    [InlineData("Managed ")]
    public void Creates_managed_by_name(string name)
    {
        IGemmBackend backend = GemmBackends.Create(name, 3);
        Assert.IsType<ManagedGemm>(backend);
        Assert.Equal(3, backend.Threads);
    }

    [Fact]
    public void Creates_openblas_by_name()
    {
        OpenBlasGemmTests.Require(1);
        IGemmBackend backend = GemmBackends.Create("openblas", 2);
        Assert.IsType<OpenBlasGemm>(backend);
        Assert.Equal(2, backend.Threads);
    }

    [Fact]
    public void Auto_prefers_openblas_when_loadable()
    {
        OpenBlasGemmTests.Require(1);
        Assert.IsType<OpenBlasGemm>(GemmBackends.Create("auto", 1));
    }

    [Fact]
    public void Unknown_name_lists_the_allowed_values()
    {
        var error = Assert.Throws<ArgumentException>(() => GemmBackends.Create("mkl", 1));
        Assert.Contains("'mkl'", error.Message, StringComparison.Ordinal);
        Assert.Contains("auto, openblas, managed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thread_count_below_one_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => GemmBackends.Create("managed", 0));
        Assert.Contains("at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unloadable_openblas_message_says_how_to_install_it()
    {
        Assert.False(OpenBlasGemm.TryCreate(1, ["libopenblas-missing.so.9"], out _, out string? reason));
        string message = GemmBackends.OpenBlasUnavailable(reason);
        Assert.Contains("libopenblas-missing.so.9", message, StringComparison.Ordinal);
        Assert.Contains("apt-get install libopenblas0-pthread", message, StringComparison.Ordinal);
        Assert.Contains("auto, openblas, managed", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_selects_backend_and_threads()
    {
        using (new EnvironmentScope(("CIRCUITBENCH_GEMM", "managed"), ("CIRCUITBENCH_THREADS", "3")))
        {
            IGemmBackend backend = GemmBackends.FromEnvironment();
            Assert.IsType<ManagedGemm>(backend);
            Assert.Equal(3, backend.Threads);
        }

        using (new EnvironmentScope(("CIRCUITBENCH_GEMM", null), ("CIRCUITBENCH_THREADS", null)))
        {
            Assert.Equal(Environment.ProcessorCount, GemmBackends.FromEnvironment().Threads);
        }
    }

    [Theory]
    [InlineData("blas", null, "CIRCUITBENCH_GEMM='blas'")]
    [InlineData("managed", "two", "CIRCUITBENCH_THREADS='two'")]
    [InlineData("managed", "0", "CIRCUITBENCH_THREADS='0'")]
    [InlineData("managed", "-2", "CIRCUITBENCH_THREADS='-2'")]
    public void Bad_environment_values_are_named_in_the_error(string gemm, string? threads, string expected)
    {
        using (new EnvironmentScope(("CIRCUITBENCH_GEMM", gemm), ("CIRCUITBENCH_THREADS", threads)))
        {
            var error = Assert.Throws<InvalidOperationException>(GemmBackends.FromEnvironment);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
    }

    // Sets environment variables and restores the previous values on dispose.
    private sealed class EnvironmentScope : IDisposable
    {
        private readonly (string Name, string? Value)[] _saved;

        public EnvironmentScope(params (string Name, string? Value)[] values)
        {
            _saved = [.. values.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name)))];
            foreach ((string name, string? value) in values)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach ((string name, string? value) in _saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
