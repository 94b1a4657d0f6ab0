using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Tensors.Tests.Gemm;

/// <summary>
/// Each micro-kernel family (AVX-512, AVX2, scalar) with the default blocking and with tiny blocks that force
/// every loop of the blocked driver (several row, column and reduction blocks, partial tiles in each).
/// </summary>
public sealed class ManagedGemmKernelTests
{
    /// <summary>Blocks far smaller than the problems, so each loop runs several times with a ragged end.</summary>
    internal static readonly GemmBlocking Tiny = new(MC: 20, KC: 7, NC: 40);

    public static IEnumerable<object[]> KernelsTransposesAndShapes()
    {
        foreach (ManagedGemmKernel kernel in new[] { ManagedGemmKernel.Avx512, ManagedGemmKernel.Avx2, ManagedGemmKernel.Scalar })
        {
            foreach (object[] row in GemmShapes.TransposesAndShapes())
            {
                yield return [kernel, .. row];
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelsTransposesAndShapes))]
    public void Kernel_matches_reference_with_default_and_tiny_blocking(
        ManagedGemmKernel kernel, bool transposeA, bool transposeB, int m, int n, int k)
    {
        if (!ManagedGemm.IsSupported(kernel))
        {
            Assert.Throws<PlatformNotSupportedException>(() => new ManagedGemm(1, kernel, GemmBlocking.Default));
            return;
        }

        foreach (GemmBlocking blocking in new[] { GemmBlocking.Default, Tiny })
        {
            var backend = new ManagedGemm(2, kernel, blocking);
            for (int s = 0; s < GemmShapes.Scalars.Length; s++)
            {
                (float alpha, float beta, bool nanInC) = GemmShapes.Scalars[s];
                var gemm = new GemmCase(transposeA, transposeB, m, n, k, alpha, beta, pad: s % 2 * 2, nanInC, seed: s);
                gemm.AssertMatchesReference(gemm.Run(backend), $"{kernel} {blocking}");
            }
        }
    }
}
