using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Ops;

public class GatherTests
{
    [Fact]
    public void Gather_last_picks_one_element_per_row_and_scatters_its_gradient()
    {
        var x = Reference.Random(400, 2, 3, 5);
        int[] index = [0, 4, 2, 3, 1, 4];
        var y = Tensors.Ops.GatherLast(x, index);
        Assert.Equal([2, 3], y.Shape.ToArray());
        Reference.AssertClose(index.Select((j, r) => (double)x.Data[r * 5 + j]).ToArray(), y, 0, 0);
        GradCheck.Check(t => Tensors.Ops.GatherLast(t[0], index), [Reference.Random(401, 2, 3, 5)]);
        GradCheck.Check(t => Tensors.Ops.GatherLast(t[0], [6]), [Reference.Random(402, 7)]);
    }

    [Fact]
    public void Out_of_range_or_miscounted_indices_are_rejected()
    {
        var x = Tensor.Zeros(2, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensors.Ops.GatherLast(x, [0, 3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensors.Ops.GatherLast(x, [-1, 0]));
        Assert.Throws<ArgumentException>(() => Tensors.Ops.GatherLast(x, [0]));
    }
}
