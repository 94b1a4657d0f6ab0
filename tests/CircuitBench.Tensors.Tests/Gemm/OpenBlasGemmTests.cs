using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Tensors.Tests.Gemm;

/// <summary>OpenBLAS against the reference. Fails (never skips) when OpenBLAS is missing.</summary>
public sealed class OpenBlasGemmTests : GemmBackendContract
{
    /// <summary>OpenBLAS with <paramref name="threads"/> threads, or a test failure telling how to install it.</summary>
    internal static OpenBlasGemm Require(int threads)
    {
        if (!OpenBlasGemm.TryCreate(threads, out OpenBlasGemm? backend, out string? reason))
        {
            Assert.Fail($"OpenBLAS tests need libopenblas0-pthread (CI installs it): {reason}");
        }

        return backend;
    }

    protected override IGemmBackend Create(int threads) => Require(threads);

    [Fact]
    public void Reports_its_name_threads_and_library()
    {
        OpenBlasGemm backend = Require(2);
        Assert.Equal("openblas", backend.Name);
        Assert.Equal(2, backend.Threads);
        Assert.Contains("libopenblas", backend.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_the_kernel_family_of_this_processor_not_a_generic_one()
    {
        // OpenBLAS 0.3.21 takes a Sapphire Rapids Xeon for a Prescott and runs SSE3 kernels (4x slower) unless told.
        OpenBlasGemm backend = Require(2);
        var expected = Environment.GetEnvironmentVariable(OpenBlasCoreType.Variable) is { Length: > 0 } set ? set : OpenBlasCoreType.ForThisProcessor();
        if (expected is not null)
            Assert.Contains($"(core {expected}", backend.Description, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("(core Prescott)", backend.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Agrees_with_managed_on_a_large_product()
    {
        var gemm = new GemmCase(false, false, 300, 257, 513, 1f, 0f);
        float[] openBlas = gemm.Run(Require(2));
        float[] managed = gemm.Run(new ManagedGemm(2));
        for (int i = 0; i < openBlas.Length; i++)
        {
            Assert.True(Math.Abs(openBlas[i] - managed[i]) <= 1e-4f, $"C[{i / gemm.Ldc},{i % gemm.Ldc}]: openblas {openBlas[i]}, managed {managed[i]}");
        }
    }
}
