using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Ops;

public class RotaryTests
{
    /// <summary>rotate_half rotary in double: pairs (i, i + r/2) of each head rotated by p · theta^(−2i/r).</summary>
    private static double[] NaiveRotary(Tensor x, Func<int, int, int> position, int rotaryDim, double theta)
    {
        var (bs, s, hs, d) = (x.Dim(0), x.Dim(1), x.Dim(2), x.Dim(3));
        var y = x.ToArray().Select(v => (double)v).ToArray();
        var half = rotaryDim / 2;
        for (var b = 0; b < bs; b++)
        for (var t = 0; t < s; t++)
        for (var h = 0; h < hs; h++)
        for (var i = 0; i < half; i++)
        {
            var angle = position(b, t) / Math.Pow(theta, 2.0 * i / rotaryDim);
            var at = ((b * s + t) * hs + h) * d;
            var (x1, x2) = ((double)x.Data[at + i], (double)x.Data[at + i + half]);
            y[at + i] = x1 * Math.Cos(angle) - x2 * Math.Sin(angle);
            y[at + i + half] = x2 * Math.Cos(angle) + x1 * Math.Sin(angle);
        }
        return y;
    }

    [Theory]
    [InlineData(2, 5, 3, 8, 8, 0)]
    [InlineData(1, 7, 2, 10, 6, 3)]
    [InlineData(2, 3, 1, 6, 2, 100)]
    public void Shared_positions_from_an_offset_match_reference_and_gradients(int batch, int seq, int heads, int dHead, int rotaryDim, int offset)
    {
        int[] shape = [batch, seq, heads, dHead];
        var x = Reference.Random(300, shape);
        var y = Tensors.Ops.Rotary(x, offset, rotaryDim);
        Reference.AssertClose(NaiveRotary(x, (_, t) => t + offset, rotaryDim, 10000), y, 1e-5, 1e-6);
        Assert.Equal(y.ToArray(), Tensors.Ops.Rotary(x, Enumerable.Range(offset, seq).ToArray(), rotaryDim).ToArray());
        GradCheck.Check(t => Tensors.Ops.Rotary(t[0], offset, rotaryDim), [Reference.Random(301, shape)], eps: 1e-3f);
    }

    [Fact]
    public void Per_row_positions_and_theta_are_used()
    {
        int[] shape = [2, 3, 2, 4];
        int[] positions = [0, 1, 2, 5, 6, 7];                                        // row 1 is left-shifted by 5
        var x = Reference.Random(310, shape);
        var y = Tensors.Ops.Rotary(x, positions, 4, theta: 500);
        Reference.AssertClose(NaiveRotary(x, (b, t) => positions[b * 3 + t], 4, 500), y, 1e-5, 1e-6);
        GradCheck.Check(t => Tensors.Ops.Rotary(t[0], positions, 4, 500), [Reference.Random(311, shape)], eps: 1e-3f);
    }

    [Fact]
    public void Scores_depend_only_on_relative_position()
    {
        // ⟨R(p)·q, R(p')·k⟩ is a function of p − p′: shifting every position leaves it unchanged.
        int[] shape = [1, 2, 1, 8];
        var qk = Reference.Random(320, shape);
        double Dot(int offset)
        {
            var r = Tensors.Ops.Rotary(qk, offset, 8).ToArray();
            return Enumerable.Range(0, 8).Sum(i => (double)r[i] * r[8 + i]);
        }
        Assert.Equal(Dot(0), Dot(37), 1e-4);
        Assert.NotEqual(Dot(0), Enumerable.Range(0, 8).Sum(i => (double)qk.Data[i] * qk.Data[8 + i]), 3);
    }

    [Fact]
    public void Features_beyond_the_rotary_dimension_and_position_zero_pass_through()
    {
        int[] shape = [1, 3, 2, 6];
        var x = Reference.Random(330, shape);
        var y = Tensors.Ops.Rotary(x, 0, 4).ToArray();
        var xs = x.ToArray();
        for (var t = 0; t < 3; t++)
        for (var h = 0; h < 2; h++)
        {
            var at = (t * 2 + h) * 6;
            Assert.Equal(xs[(at + 4)..(at + 6)], y[(at + 4)..(at + 6)]);
            if (t == 0) Assert.Equal(xs[at..(at + 6)], y[at..(at + 6)]);
        }
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        var x = Tensor.Zeros(1, 3, 1, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensors.Ops.Rotary(x, 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensors.Ops.Rotary(x, 0, 6));
        Assert.Throws<ArgumentException>(() => Tensors.Ops.Rotary(x, [0, 1], 4));
    }
}
