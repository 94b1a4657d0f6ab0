using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Tensors.Tests.Gemm;

/// <summary>The managed backend with its default kernel and blocking, against the reference.</summary>
public sealed class ManagedGemmTests : GemmBackendContract
{
    protected override IGemmBackend Create(int threads) => new ManagedGemm(threads);

    [Fact]
    public void Picks_the_widest_kernel_the_CPU_supports()
    {
        var backend = new ManagedGemm(1);
        ManagedGemmKernel expected = ManagedGemm.IsSupported(ManagedGemmKernel.Avx512) ? ManagedGemmKernel.Avx512
            : ManagedGemm.IsSupported(ManagedGemmKernel.Avx2) ? ManagedGemmKernel.Avx2
            : ManagedGemmKernel.Scalar;
        Assert.Equal(expected, backend.Kernel);
        Assert.Equal("managed", backend.Name);
    }

    [Fact]
    public void Rejects_a_thread_count_below_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ManagedGemm(0));

    [Fact]
    public void Rejects_non_positive_blocking() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ManagedGemm(1, ManagedGemmKernel.Auto, new GemmBlocking(16, 0, 64)));
}
