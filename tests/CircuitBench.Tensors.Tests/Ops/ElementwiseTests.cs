using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Ops;

public class ElementwiseTests
{
    public static TheoryData<int[], int[]> ShapePairs => new()
    {
        { [2, 3], [2, 3] },
        { [2, 3, 4], [4] },
        { [2, 1, 4], [3, 1] },
        { [3, 1], [1, 3] },
        { [5], [] },
        { [], [2, 2] },
        { [1, 3, 1], [2, 1, 5] },
        { [7], [1] },
    };

    [Theory, MemberData(nameof(ShapePairs))]
    public void Add_sub_mul_forward_match_broadcast_reference(int[] sa, int[] sb)
    {
        var a = Reference.Random(1, sa);
        var b = Reference.Random(2, sb);
        var shape = ShapeMath.Broadcast(sa, sb);
        var count = ShapeMath.ElementCount(shape);
        foreach (var (op, fn) in new (Func<Tensor, Tensor, Tensor>, Func<double, double, double>)[]
                 { (Tensors.Ops.Add, (x, y) => x + y), (Tensors.Ops.Sub, (x, y) => x - y), (Tensors.Ops.Mul, (x, y) => x * y) })
        {
            var expected = new double[count];
            for (var i = 0; i < count; i++)
            {
                var idx = Reference.Unravel(i, shape);
                expected[i] = fn(Reference.Broadcast(a, idx), Reference.Broadcast(b, idx));
            }
            var y = op(a, b);
            Assert.Equal(shape, y.Shape.ToArray());
            Reference.AssertClose(expected, y);
        }
    }

    [Theory, MemberData(nameof(ShapePairs))]
    public void Add_sub_mul_gradients_match_finite_differences(int[] sa, int[] sb)
    {
        GradCheck.Check(x => Tensors.Ops.Add(x[0], x[1]), [Reference.Random(3, sa), Reference.Random(4, sb)]);
        GradCheck.Check(x => Tensors.Ops.Sub(x[0], x[1]), [Reference.Random(5, sa), Reference.Random(6, sb)]);
        GradCheck.Check(x => Tensors.Ops.Mul(x[0], x[1]), [Reference.Random(7, sa), Reference.Random(8, sb)]);
    }

    [Fact]
    public void Scale_and_add_scalar_forward_and_gradients()
    {
        var x = Reference.Random(9, 3, 5);
        Reference.AssertClose(x.ToArray().Select(v => v * -1.5).ToArray(), Tensors.Ops.Scale(x, -1.5f));
        Reference.AssertClose(x.ToArray().Select(v => v + 0.25).ToArray(), Tensors.Ops.AddScalar(x, 0.25f));
        GradCheck.Check(t => Tensors.Ops.Scale(t[0], -1.5f), [Reference.Random(10, 3, 5)]);
        GradCheck.Check(t => Tensors.Ops.AddScalar(t[0], 0.25f), [Reference.Random(11, 3, 5)]);
    }

    [Fact]
    public void Incompatible_shapes_are_rejected_with_both_shapes_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensors.Ops.Add(Tensor.Zeros(2, 3), Tensor.Zeros(4)));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4]", ex.Message);
    }
}
