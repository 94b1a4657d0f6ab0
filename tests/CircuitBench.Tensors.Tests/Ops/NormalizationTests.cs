using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Ops;

public class NormalizationTests
{
    /// <summary>Per row of x [..., d]: (x − mean)/√(var + eps)·w + b (LayerNorm) or x/√(mean(x²) + eps)·w (RMSNorm), in double.</summary>
    private static double[] NaiveNorm(Tensor x, Tensor w, Tensor? b, double eps, bool centred)
    {
        var d = x.Dim(-1);
        var y = new double[x.Size];
        for (var r = 0; r < x.Size / d; r++)
        {
            double mean = 0, var = 0;
            if (centred)
            {
                for (var j = 0; j < d; j++) mean += x.Data[r * d + j];
                mean /= d;
            }
            for (var j = 0; j < d; j++) var += Math.Pow(x.Data[r * d + j] - mean, 2);
            var rstd = 1 / Math.Sqrt(var / d + eps);
            for (var j = 0; j < d; j++) y[r * d + j] = (x.Data[r * d + j] - mean) * rstd * w.Data[j] + (b?.Data[j] ?? 0);
        }
        return y;
    }

    [Theory]
    [InlineData(new[] { 3, 5 })]
    [InlineData(new[] { 2, 3, 7 })]
    [InlineData(new[] { 4, 1 })]
    [InlineData(new[] { 11 })]
    public void Layer_norm_matches_reference_and_gradients(int[] shape)
    {
        var d = shape[^1];
        var x = Reference.Random(100, shape);
        var w = Reference.Random(101, d);
        var b = Reference.Random(102, d);
        var y = Tensors.Ops.LayerNorm(x, w, b);
        Assert.Equal(shape, y.Shape.ToArray());
        Reference.AssertClose(NaiveNorm(x, w, b, 1e-5, centred: true), y);
        GradCheck.Check(t => Tensors.Ops.LayerNorm(t[0], t[1], t[2]),
            [Reference.Random(103, shape), Reference.Random(104, d), Reference.Random(105, d)], eps: 1e-3f);
    }

    [Theory]
    [InlineData(new[] { 3, 5 })]
    [InlineData(new[] { 2, 3, 7 })]
    [InlineData(new[] { 13 })]
    public void Rms_norm_matches_reference_and_gradients(int[] shape)
    {
        var d = shape[^1];
        var x = Reference.Random(110, shape);
        var w = Reference.Random(111, d);
        var y = Tensors.Ops.RmsNorm(x, w, 1e-6f);
        Reference.AssertClose(NaiveNorm(x, w, null, 1e-6, centred: false), y);
        GradCheck.Check(t => Tensors.Ops.RmsNorm(t[0], t[1]), [Reference.Random(112, shape), Reference.Random(113, d)], eps: 1e-3f);
    }

    [Fact]
    public void Layer_norm_statistics_survive_a_large_common_offset()
    {
        // Rows 1e4 + N(0, 1): E[x²] − E[x]² in float would cancel to noise; the two-pass double statistics do not.
        var x = Reference.Random(120, 4, 33);
        var shifted = Tensor.FromArray(x.ToArray().Select(v => v + 1e4f).ToArray(), 4, 33);
        var w = Tensor.Ones(33);
        var b = Tensor.Zeros(33);
        Reference.AssertClose(NaiveNorm(shifted, w, b, 1e-5, centred: true), Tensors.Ops.LayerNorm(shifted, w, b), 1e-5, 1e-5);
    }

    [Fact]
    public void Constant_rows_normalise_to_the_bias_without_nan()
    {
        var x = Tensor.Full(3f, 2, 6);
        var w = Reference.Random(121, 6);
        var b = Reference.Random(122, 6);
        var y = Tensors.Ops.LayerNorm(x, w, b);
        var bias = b.ToArray().Select(v => (double)v).ToArray();
        Reference.AssertClose([.. bias, .. bias], y);
    }

    [Fact]
    public void Mismatched_weight_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensors.Ops.LayerNorm(Tensor.Zeros(2, 4), Tensor.Ones(5), Tensor.Zeros(4)));
        Assert.Contains("weight", ex.Message);
    }
}
