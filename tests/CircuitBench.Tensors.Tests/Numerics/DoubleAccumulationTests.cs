using CircuitBench.Tensors.Numerics;
using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Numerics;

public class DoubleAccumulationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(33)]
    [InlineData(768)]
    public void Sums_match_a_sequential_double_reference_for_every_length(int length)
    {
        var x = Reference.Random(400, Math.Max(length, 1)).Data[..length].ToArray();
        var y = Reference.Random(401, Math.Max(length, 1)).Data[..length].ToArray();
        for (var j = 0; j < length; j++) x[j] += 1000f;                           // a large common offset
        double sum = 0, dot = 0;
        for (var j = 0; j < length; j++) (sum, dot) = (sum + x[j], dot + (double)x[j] * y[j]);
        var mean = length == 0 ? 0 : sum / length;
        double squares = 0;
        for (var j = 0; j < length; j++) squares += (x[j] - mean) * (x[j] - mean);
        Assert.Equal(sum, DoubleAccumulation.Sum(x), 1e-9 * Math.Max(1, Math.Abs(sum)));
        Assert.Equal(squares, DoubleAccumulation.SumOfSquaredDeviations(x, mean), 1e-9 * Math.Max(1, squares));
        var (s, d) = DoubleAccumulation.SumAndDot(x, y);
        Assert.Equal(sum, s, 1e-9 * Math.Max(1, Math.Abs(sum)));
        Assert.Equal(dot, d, 1e-9 * Math.Max(1, Math.Abs(dot)));
    }

    [Fact]
    public void Standardize_gives_the_scalar_expression_bit_for_bit()
    {
        var x = Reference.Random(402, 37).ToArray();
        var dst = new float[37];
        DoubleAccumulation.Standardize(x, 0.123456789, 1.987654321, dst);
        for (var j = 0; j < x.Length; j++) Assert.Equal((float)((x[j] - 0.123456789) * 1.987654321), dst[j]);
    }
}
