using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Ops;

public class LogSumExpTests
{
    [Theory]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 5 })]
    [InlineData(new[] { 2, 3, 4 })]
    public void Matches_a_double_reference_and_finite_differences(int[] shape)
    {
        var x = Reference.Random(70, shape);
        var n = shape[^1];
        var expected = Enumerable.Range(0, x.Size / n)
            .Select(r => Math.Log(Enumerable.Range(0, n).Sum(j => Math.Exp(x.Data[r * n + j])))).ToArray();
        Reference.AssertClose(expected, Tensors.Ops.LogSumExp(x));
        GradCheck.Check(t => Tensors.Ops.LogSumExp(t[0]), [Reference.Random(71, shape)]);
    }

    [Fact]
    public void Is_stable_for_large_logits_and_masked_rows()
    {
        var x = Tensor.FromArray([1e4f, 1e4f, float.NegativeInfinity, -1e4f, float.NegativeInfinity, float.NegativeInfinity], 2, 3);
        var y = Tensors.Ops.LogSumExp(x).ToArray();
        Assert.Equal(1e4 + Math.Log(2), y[0], 1e-2);
        Assert.Equal(-1e4, y[1], 1e-2);
        Assert.Equal(float.NegativeInfinity, Tensors.Ops.LogSumExp(Tensor.Full(float.NegativeInfinity, 1, 2)).Item());
    }
}
