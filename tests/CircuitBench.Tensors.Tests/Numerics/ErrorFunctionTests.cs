using CircuitBench.Tensors.Numerics;

namespace CircuitBench.Tensors.Tests.Numerics;

public class ErrorFunctionTests
{
    /// <summary>Values from mpmath at 30 significant digits.</summary>
    [Theory]
    [InlineData(0, 0.0, 1.0)]
    [InlineData(1e-8, 1.1283791670955125363e-8, 0.99999998871620832904)]
    [InlineData(0.1, 0.1124629160182848922, 0.8875370839817151078)]
    [InlineData(0.4999, 0.5204119951613865806, 0.4795880048386134194)]
    [InlineData(0.5, 0.52049987781304653768, 0.47950012218695346232)]
    [InlineData(0.75, 0.7111556336535151316, 0.2888443663464848684)]
    [InlineData(1, 0.84270079294971486934, 0.15729920705028513066)]
    [InlineData(1.5, 0.96610514647531072707, 0.033894853524689272933)]
    [InlineData(2.5, 0.99959304798255504106, 0.00040695201744495893956)]
    [InlineData(3.9, 0.99999996520775140277, 3.4792248597231742278e-8)]
    [InlineData(4, 0.99999998458274209972, 1.5417257900280018852e-8)]
    [InlineData(4.5, 0.99999999980338395585, 1.9661604415428874763e-10)]
    [InlineData(6, 0.99999999999999997848, 2.1519736712498913117e-17)]
    [InlineData(10, 1.0, 2.088487583762544757e-45)]
    [InlineData(26, 1.0, 5.6631924088561428465e-296)]
    public void Matches_high_precision_values_in_both_tails(double x, double erf, double erfc)
    {
        AssertRelative(erf, ErrorFunction.Erf(x), 1e-14);
        AssertRelative(-erf, ErrorFunction.Erf(-x), 1e-14);
        AssertRelative(erfc, ErrorFunction.Erfc(x), 1e-13);
        AssertRelative(2 - erfc, ErrorFunction.Erfc(-x), 1e-14);
    }

    [Fact]
    public void Agrees_with_an_independent_series_on_a_dense_grid()
    {
        // erf(x) = 2/√π · exp(−x²) · Σₙ 2ⁿ x²ⁿ⁺¹ / (1·3·…·(2n+1)): every term positive, so no cancellation.
        for (var x = -5.0; x <= 5.0; x += 0.01)
        {
            double term = x, sum = x;
            for (var n = 1; n < 200; n++)
            {
                term *= 2 * x * x / (2 * n + 1);
                sum += term;
            }
            var series = 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum;
            Assert.True(Math.Abs(series - ErrorFunction.Erf(x)) <= 1e-14, $"erf({x}): series {series:R} vs {ErrorFunction.Erf(x):R}");
        }
    }

    [Fact]
    public void Limits_and_nan()
    {
        Assert.Equal(1.0, ErrorFunction.Erf(double.PositiveInfinity));
        Assert.Equal(-1.0, ErrorFunction.Erf(double.NegativeInfinity));
        Assert.Equal(0.0, ErrorFunction.Erfc(double.PositiveInfinity));
        Assert.Equal(2.0, ErrorFunction.Erfc(double.NegativeInfinity));
        Assert.True(double.IsNaN(ErrorFunction.Erf(double.NaN)));
    }

    private static void AssertRelative(double expected, double actual, double rtol) =>
        Assert.True(Math.Abs(expected - actual) <= rtol * Math.Abs(expected) + double.Epsilon,
            $"expected {expected:R}, got {actual:R} (relative error {Math.Abs(expected - actual) / Math.Abs(expected):G3})");
}
