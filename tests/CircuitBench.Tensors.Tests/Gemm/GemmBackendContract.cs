using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Tensors.Tests.Gemm;

/// <summary>What every <see cref="IGemmBackend"/> must do; each backend's test class derives from this.</summary>
public abstract class GemmBackendContract
{
    /// <summary>The backend under test.</summary>
    protected abstract IGemmBackend Create(int threads);

    public static IEnumerable<object[]> TransposesAndShapes() => GemmShapes.TransposesAndShapes();

    [Theory]
    [MemberData(nameof(TransposesAndShapes))]
    public void Matches_double_precision_reference(bool transposeA, bool transposeB, int m, int n, int k)
    {
        IGemmBackend backend = Create(2);
        for (int s = 0; s < GemmShapes.Scalars.Length; s++)
        {
            (float alpha, float beta, bool nanInC) = GemmShapes.Scalars[s];
            var gemm = new GemmCase(transposeA, transposeB, m, n, k, alpha, beta, pad: s % 2 * 3, nanInC, seed: s);
            gemm.AssertMatchesReference(gemm.Run(backend), backend.Name);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Matches_reference_across_several_cache_blocks(bool transposeA, bool transposeB)
    {
        // One thread, so the default blocks (rows 168, depth 256, columns 1024) are each crossed with a ragged end.
        IGemmBackend backend = Create(1);
        var gemm = new GemmCase(transposeA, transposeB, 170, 1030, 260, 0.5f, -1.5f, pad: 5);
        gemm.AssertMatchesReference(gemm.Run(backend), backend.Name);
    }

    [Fact]
    public void Empty_m_or_n_leaves_C_untouched()
    {
        IGemmBackend backend = Create(1);
        float[] c = [7f, 8f];
        backend.Sgemm(false, false, 0, 2, 3, 1f, [], 3, new float[6], 2, 0f, c, 2);
        backend.Sgemm(false, false, 1, 0, 3, 1f, new float[3], 3, [], 1, 0f, c, 1);
        Assert.Equal([7f, 8f], c);
    }

    [Fact]
    public void Empty_k_scales_C_by_beta()
    {
        IGemmBackend backend = Create(1);
        float[] c = [1f, 2f, 3f, 4f];
        backend.Sgemm(false, false, 2, 2, 0, 1f, [], 1, [], 2, 0.5f, c, 2);
        Assert.Equal([0.5f, 1f, 1.5f, 2f], c);
    }

    [Fact]
    public void Empty_k_with_zero_beta_overwrites_NaN_with_zero()
    {
        IGemmBackend backend = Create(1);
        float[] c = [float.NaN, float.NaN, float.NaN];
        backend.Sgemm(false, false, 1, 3, 0, 1f, [], 1, [], 3, 0f, c, 3);
        Assert.Equal([0f, 0f, 0f], c);
    }

    [Fact]
    public void Zero_alpha_does_not_read_A_or_B()
    {
        IGemmBackend backend = Create(1);
        float[] a = [float.NaN, float.NaN], b = [float.NaN, float.NaN];
        float[] c = [2f];
        backend.Sgemm(false, false, 1, 1, 2, 0f, a, 2, b, 1, 3f, c, 1);
        Assert.Equal([6f], c);
    }

    [Fact]
    public void One_by_one_by_one()
    {
        IGemmBackend backend = Create(1);
        float[] c = [10f];
        backend.Sgemm(true, true, 1, 1, 1, 2f, [3f], 1, [4f], 1, 1f, c, 1);
        Assert.Equal([34f], c);
    }

    [Fact]
    public void Leading_dimension_below_row_width_is_rejected()
    {
        IGemmBackend backend = Create(1);
        var error = Assert.Throws<ArgumentException>(() =>
            backend.Sgemm(false, false, 2, 2, 3, 1f, new float[6], 2, new float[6], 2, 0f, new float[4], 2));
        Assert.Equal("lda", error.ParamName);
        Assert.Contains("at least max(1, 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transposed_leading_dimension_is_checked_against_the_stored_width()
    {
        IGemmBackend backend = Create(1);
        // B transposed is stored [n, k] = [4, 3]: ldb must be ≥ 3, not ≥ 4.
        backend.Sgemm(false, true, 2, 4, 3, 1f, new float[6], 3, new float[12], 3, 0f, new float[8], 4);
        var error = Assert.Throws<ArgumentException>(() =>
            backend.Sgemm(false, true, 2, 4, 3, 1f, new float[6], 3, new float[12], 2, 0f, new float[8], 4));
        Assert.Equal("ldb", error.ParamName);
    }

    [Fact]
    public void Too_short_spans_are_rejected()
    {
        IGemmBackend backend = Create(1);
        // C is [2,2] with ldc 3: it spans (2-1)·3 + 2 = 5 floats, one more than given.
        var error = Assert.Throws<ArgumentException>(() =>
            backend.Sgemm(false, false, 2, 2, 2, 1f, new float[4], 2, new float[4], 2, 0f, new float[4], 3));
        Assert.Equal("c", error.ParamName);
        Assert.Contains("needs at least 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_sizes_are_rejected()
    {
        IGemmBackend backend = Create(1);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            backend.Sgemm(false, false, -1, 2, 2, 1f, [], 2, new float[4], 2, 0f, [], 2));
    }
}
