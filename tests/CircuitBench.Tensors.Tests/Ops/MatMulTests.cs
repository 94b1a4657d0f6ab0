using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Ops;

public class MatMulTests
{
    private static double[] NaiveProduct(Tensor a, Tensor b, bool ta, bool tb, int batch, bool bShared)
    {
        var (m, k) = ta ? (a.Dim(-1), a.Dim(-2)) : (a.Dim(-2), a.Dim(-1));
        var n = tb ? b.Dim(-2) : b.Dim(-1);
        var result = new double[batch * m * n];
        for (var z = 0; z < batch; z++)
        for (var i = 0; i < m; i++)
        for (var j = 0; j < n; j++)
        {
            double s = 0;
            for (var p = 0; p < k; p++)
            {
                var av = a.Data[z * m * k + (ta ? p * m + i : i * k + p)];
                var bOff = bShared ? 0 : z * k * n;
                var bv = b.Data[bOff + (tb ? j * k + p : p * n + j)];
                s += (double)av * bv;
            }
            result[(z * m + i) * n + j] = s;
        }
        return result;
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Two_dimensional_product_with_transposes(bool ta, bool tb)
    {
        const int m = 5, k = 7, n = 3;
        var a = Reference.Random(50, ta ? [k, m] : [m, k]);
        var b = Reference.Random(51, tb ? [n, k] : [k, n]);
        var y = Tensors.Ops.MatMul(a, b, ta, tb);
        Assert.Equal([m, n], y.Shape.ToArray());
        Reference.AssertClose(NaiveProduct(a, b, ta, tb, 1, true), y, 1e-5, 1e-5);
        GradCheck.Check(t => Tensors.Ops.MatMul(t[0], t[1], ta, tb),
            [Reference.Random(52, ta ? [k, m] : [m, k]), Reference.Random(53, tb ? [n, k] : [k, n])]);
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, true, false)]
    [InlineData(false, true, true)]
    [InlineData(true, false, true)]
    public void Batched_product_with_batched_or_shared_right_operand(bool ta, bool tb, bool shared)
    {
        const int m = 4, k = 3, n = 6;
        int[] batch = [2, 3];
        int[] aShape = [.. batch, .. (ta ? new[] { k, m } : [m, k])];
        int[] bMatrix = tb ? [n, k] : [k, n];
        int[] bShape = shared ? bMatrix : [.. batch, .. bMatrix];
        var a = Reference.Random(54, aShape);
        var b = Reference.Random(55, bShape);
        var y = Tensors.Ops.MatMul(a, b, ta, tb);
        Assert.Equal([2, 3, m, n], y.Shape.ToArray());
        Reference.AssertClose(NaiveProduct(a, b, ta, tb, 6, shared), y, 1e-5, 1e-5);
        GradCheck.Check(t => Tensors.Ops.MatMul(t[0], t[1], ta, tb), [Reference.Random(56, aShape), Reference.Random(57, bShape)]);
    }

    [Fact]
    public void Linear_uses_the_in_out_weight_layout_and_adds_the_bias()
    {
        var x = Reference.Random(58, 2, 3, 4);
        var w = Reference.Random(59, 4, 5);
        var bias = Reference.Random(60, 5);
        var y = Tensors.Ops.Linear(x, w, bias);
        Assert.Equal([2, 3, 5], y.Shape.ToArray());
        var expected = NaiveProduct(Tensors.Ops.Reshape(x, 6, 4), w, false, false, 1, true);
        for (var i = 0; i < expected.Length; i++) expected[i] += bias.Data[i % 5];
        Reference.AssertClose(expected, y);
        GradCheck.Check(t => Tensors.Ops.Linear(t[0], t[1], t[2]), [Reference.Random(61, 2, 3, 4), Reference.Random(62, 4, 5), Reference.Random(63, 5)]);
        GradCheck.Check(t => Tensors.Ops.Linear(t[0], t[1]), [Reference.Random(64, 3, 4), Reference.Random(65, 4, 5)]);
    }

    [Fact]
    public void Linear_gives_the_bits_of_a_matrix_product_then_a_bias_add()
    {
        float[][] Run(Func<Tensor, Tensor, Tensor, Tensor> linear)
        {
            Tensor[] inputs = [Reference.Random(66, 2, 7, 33), Reference.Random(67, 33, 40), Reference.Random(68, 40)];
            foreach (var t in inputs) t.RequiresGrad = true;
            using var tape = CircuitBench.Tensors.Autograd.GradTape.Begin();
            var y = linear(inputs[0], inputs[1], inputs[2]);
            tape.Backward(Tensors.Ops.Sum(Tensors.Ops.Mul(y, y)));
            return [y.ToArray(), .. inputs.Select(t => t.Grad!.ToArray())];
        }

        var fused = Run((x, w, b) => Tensors.Ops.Linear(x, w, b));
        var composite = Run((x, w, b) => Tensors.Ops.Add(Tensors.Ops.Reshape(Tensors.Ops.MatMul(Tensors.Ops.Reshape(x, 14, 33), w), 2, 7, 40), b));
        for (var i = 0; i < fused.Length; i++) Assert.Equal(composite[i], fused[i]);
    }

    [Fact]
    public void Mismatched_inner_sizes_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensors.Ops.MatMul(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)));
        Assert.Contains("inner sizes", ex.Message);
    }
}
