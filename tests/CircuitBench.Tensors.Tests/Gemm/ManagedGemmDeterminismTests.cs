using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Tensors.Tests.Gemm;

/// <summary>The managed backend gives the same bits for any thread count and on every repetition.</summary>
public sealed class ManagedGemmDeterminismTests
{
    public static IEnumerable<object[]> Cases()
    {
        // (m, n, k): split along columns, split along rows with several row and reduction blocks per slab.
        (int, int, int)[] shapes = [(129, 130, 257), (40, 500, 300), (400, 200, 270)];
        foreach (ManagedGemmKernel kernel in new[] { ManagedGemmKernel.Avx512, ManagedGemmKernel.Avx2, ManagedGemmKernel.Scalar })
        {
            foreach ((int m, int n, int k) in shapes)
            {
                foreach (bool tiny in new[] { false, true })
                {
                    yield return [kernel, m, n, k, tiny];
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bits_do_not_depend_on_thread_count(ManagedGemmKernel kernel, int m, int n, int k, bool tinyBlocking)
    {
        if (!ManagedGemm.IsSupported(kernel))
        {
            return; // covered by ManagedGemmKernelTests, which asserts the constructor refuses
        }

        GemmBlocking blocking = tinyBlocking ? ManagedGemmKernelTests.Tiny : GemmBlocking.Default;
        var gemm = new GemmCase(false, true, m, n, k, 1.25f, 0.5f, pad: 1);
        int[] single = Bits(gemm.Run(new ManagedGemm(1, kernel, blocking)));
        foreach (int threads in new[] { 2, 3 })
        {
            // The problem must really be split, or this test would prove nothing.
            var backend = new ManagedGemm(threads, kernel, blocking);
            Assert.Equal(threads, backend.Partition(m, n, k).Parts);
            Assert.Equal(single, Bits(gemm.Run(backend)));
        }
    }

    [Fact]
    public void Repeated_runs_give_the_same_bits()
    {
        var gemm = new GemmCase(true, false, 257, 300, 400, 1f, 0f);
        var backend = new ManagedGemm(2);
        int[] first = Bits(gemm.Run(backend));
        for (int run = 0; run < 4; run++)
        {
            Assert.Equal(first, Bits(gemm.Run(backend)));
        }
    }

    [Fact]
    public void Concurrent_callers_share_one_backend_safely()
    {
        var backend = new ManagedGemm(2);
        GemmCase[] cases = [.. Enumerable.Range(0, 6).Select(s => new GemmCase(false, false, 150, 170, 190, 1f, 0f, seed: s))];
        int[][] expected = [.. cases.Select(c => Bits(c.Run(new ManagedGemm(1))))];
        Parallel.For(0, 24, i => Assert.Equal(expected[i % 6], Bits(cases[i % 6].Run(backend))));
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
