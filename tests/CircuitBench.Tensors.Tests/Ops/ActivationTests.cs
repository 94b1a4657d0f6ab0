using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Ops;

public class ActivationTests
{
    /// <summary>erf by the positive-term series 2/√π · exp(−x²) · Σₙ 2ⁿ x²ⁿ⁺¹ / (2n+1)!! (independent of the op's approximation).</summary>
    private static double SeriesErf(double x)
    {
        double term = x, sum = x;
        for (var n = 1; n < 300; n++)
        {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum;
    }

    private static double GeluTanh(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

    private static double GeluErf(double x) => 0.5 * x * (1 + SeriesErf(x / Math.Sqrt(2)));

    private static double Silu(double x) => x / (1 + Math.Exp(-x));

    /// <summary>Values spread over [−scale·3, scale·3] plus the exact points 0 and ±1.</summary>
    private static Tensor Inputs(ulong seed, int[] shape, float scale)
    {
        var t = Tensor.Randn(seed, shape, scale);
        t.Data[0] = 0f;
        if (t.Size > 2) (t.Data[1], t.Data[2]) = (1f, -1f);
        return t;
    }

    [Theory]
    [InlineData(GeluKind.Tanh, new[] { 3, 17 })]
    [InlineData(GeluKind.Tanh, new[] { 2, 3, 5 })]
    [InlineData(GeluKind.Erf, new[] { 3, 17 })]
    [InlineData(GeluKind.Erf, new[] { 7 })]
    public void Gelu_matches_reference_and_gradients(GeluKind kind, int[] shape)
    {
        var x = Inputs(130, shape, 3f);
        var y = Tensors.Ops.Gelu(x, kind);
        Assert.Equal(shape, y.Shape.ToArray());
        Func<double, double> f = kind == GeluKind.Tanh ? GeluTanh : GeluErf;
        Reference.AssertClose(x.ToArray().Select(v => f(v)).ToArray(), y, 1e-6, 1e-6);
        GradCheck.Check(t => Tensors.Ops.Gelu(t[0], kind), [Inputs(131, shape, 2f)], eps: 1e-3f);
    }

    [Fact]
    public void The_two_gelu_forms_differ_slightly_and_agree_in_the_tails()
    {
        var x = Tensor.FromArray([-30f, -8f, -1f, 0.5f, 2f, 8f, 30f], 7);
        var tanh = Tensors.Ops.Gelu(x, GeluKind.Tanh).ToArray();
        var erf = Tensors.Ops.Gelu(x, GeluKind.Erf).ToArray();
        Assert.NotEqual(tanh[2], erf[2]);
        Assert.InRange(Math.Abs(tanh[2] - erf[2]), 1e-5, 1e-3);
        Assert.Equal([8f, 30f], erf[5..]);
        Assert.Equal([8f, 30f], tanh[5..]);
        Assert.True(erf[0] <= 0 && erf[0] > -1e-30, $"GELU(−30) should be a tiny non-positive number, got {erf[0]}");
        Assert.All(tanh.Concat(erf), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Erf_gelu_keeps_relative_precision_in_the_negative_tail()
    {
        // GELU(−6) = −6·Φ(−6) = −5.91953e-9: 1 + erf(−6/√2) would cancel to 0 in double; erfc does not.
        var y = Tensors.Ops.Gelu(Tensor.FromArray([-6f], 1), GeluKind.Erf).Item();
        Assert.Equal(-5.919525870e-9, y, 1e-14);
    }

    [Theory]
    [InlineData(new[] { 4, 9 })]
    [InlineData(new[] { 5 })]
    public void Silu_matches_reference_and_gradients(int[] shape)
    {
        var x = Inputs(140, shape, 4f);
        Reference.AssertClose(x.ToArray().Select(v => Silu(v)).ToArray(), Tensors.Ops.Silu(x), 1e-6, 1e-6);
        GradCheck.Check(t => Tensors.Ops.Silu(t[0]), [Inputs(141, shape, 2f)], eps: 1e-3f);
    }
}
