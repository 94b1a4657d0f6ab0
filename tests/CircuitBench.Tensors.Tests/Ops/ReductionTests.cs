using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Ops;

public class ReductionTests
{
    [Theory]
    [InlineData(new[] { 3, 4, 5 }, 0)]
    [InlineData(new[] { 3, 4, 5 }, 1)]
    [InlineData(new[] { 3, 4, 5 }, -1)]
    [InlineData(new[] { 7 }, 0)]
    [InlineData(new[] { 2, 1, 3 }, 1)]
    public void Sum_and_mean_over_an_axis_match_reference(int[] shape, int axis)
    {
        var x = Reference.Random(20, shape);
        var ax = axis < 0 ? axis + shape.Length : axis;
        var outShape = shape.Where((_, i) => i != ax).ToArray();
        var expected = new double[ShapeMath.ElementCount(outShape)];
        for (var i = 0; i < x.Size; i++)
        {
            var idx = Reference.Unravel(i, shape).Where((_, d) => d != ax).ToArray();
            var flat = 0;
            for (var d = 0; d < idx.Length; d++) flat = flat * outShape[d] + idx[d];
            expected[flat] += x.Data[i];
        }
        var sum = Tensors.Ops.Sum(x, axis);
        Assert.Equal(outShape, sum.Shape.ToArray());
        Reference.AssertClose(expected, sum);
        Reference.AssertClose(expected.Select(v => v / shape[ax]).ToArray(), Tensors.Ops.Mean(x, axis));
        Assert.Equal(shape.Select((d, i) => i == ax ? 1 : d).ToArray(), Tensors.Ops.Sum(x, axis, keepDim: true).Shape.ToArray());

        GradCheck.Check(t => Tensors.Ops.Sum(t[0], axis), [Reference.Random(21, shape)]);
        GradCheck.Check(t => Tensors.Ops.Mean(t[0], axis, keepDim: true), [Reference.Random(22, shape)]);
    }

    [Fact]
    public void Sum_and_mean_of_all_elements()
    {
        var x = Reference.Random(23, 4, 6);
        var total = x.ToArray().Sum(v => (double)v);
        Reference.AssertClose([total], Tensors.Ops.Sum(x));
        Reference.AssertClose([total / 24], Tensors.Ops.Mean(x));
        GradCheck.Check(t => Tensors.Ops.Sum(t[0]), [Reference.Random(24, 4, 6)]);
        GradCheck.Check(t => Tensors.Ops.Mean(t[0]), [Reference.Random(25, 3, 5)]);
    }
}
