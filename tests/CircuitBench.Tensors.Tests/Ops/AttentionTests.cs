using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Ops;

public class AttentionTests
{
    /// <summary>Causal (and key-padded) attention in double: returns z [b, s, h, d] and pattern [b, h, s, s].</summary>
    private static (double[] Z, double[] Pattern) NaiveAttention(Tensor q, Tensor k, Tensor v, int[]? lengths, double scale)
    {
        var (bs, s, hs, d) = (q.Dim(0), q.Dim(1), q.Dim(2), q.Dim(3));
        var z = new double[q.Size];
        var pattern = new double[bs * hs * s * s];
        int At(int b, int i, int h, int e) => ((b * s + i) * hs + h) * d + e;
        for (var b = 0; b < bs; b++)
        for (var h = 0; h < hs; h++)
        for (var i = 0; i < s; i++)
        {
            var visible = Math.Min(i + 1, lengths?[b] ?? s);
            if (visible == 0) continue;
            var scores = new double[visible];
            for (var j = 0; j < visible; j++)
                for (var e = 0; e < d; e++) scores[j] += scale * q.Data[At(b, i, h, e)] * k.Data[At(b, j, h, e)];
            var max = scores.Max();
            var total = scores.Sum(x => Math.Exp(x - max));
            for (var j = 0; j < visible; j++)
            {
                var p = Math.Exp(scores[j] - max) / total;
                pattern[((b * hs + h) * s + i) * s + j] = p;
                for (var e = 0; e < d; e++) z[At(b, i, h, e)] += p * v.Data[At(b, j, h, e)];
            }
        }
        return (z, pattern);
    }

    [Theory]
    [InlineData(2, 5, 3, 4, false)]
    [InlineData(2, 5, 3, 4, true)]
    [InlineData(1, 7, 1, 3, false)]
    [InlineData(3, 6, 2, 5, true)]
    public void Forward_matches_reference_and_gradients(int batch, int seq, int heads, int dHead, bool padded)
    {
        int[] shape = [batch, seq, heads, dHead];
        int[]? lengths = padded ? Enumerable.Range(0, batch).Select(b => Math.Max(1, seq - 2 * b)).ToArray() : null;
        var mask = lengths is null ? null : new AttentionMask(lengths);
        var (q, k, v) = (Reference.Random(200, shape), Reference.Random(201, shape), Reference.Random(202, shape));
        var result = Tensors.Ops.Attention(q, k, v, mask);
        Assert.Equal(shape, result.Z.Shape.ToArray());
        Assert.Equal([batch, heads, seq, seq], result.Pattern.Shape.ToArray());
        var (z, pattern) = NaiveAttention(q, k, v, lengths, 1 / Math.Sqrt(dHead));
        Reference.AssertClose(pattern, result.Pattern, 1e-5, 1e-6);
        Reference.AssertClose(z, result.Z, 1e-5, 1e-5);

        Tensor[] Inputs() => [Reference.Random(203, shape), Reference.Random(204, shape), Reference.Random(205, shape)];
        GradCheck.Check(t => Tensors.Ops.Attention(t[0], t[1], t[2], mask).Z, Inputs(), eps: 1e-3f);
        GradCheck.Check(t => Tensors.Ops.AttentionPattern(t[0], t[1], mask), Inputs()[..2], eps: 1e-3f);
    }

    [Fact]
    public void Gradients_flow_through_z_and_pattern_together()
    {
        int[] shape = [2, 4, 2, 3];
        var mask = new AttentionMask([4, 2]);
        GradCheck.Check(t =>
        {
            var r = Tensors.Ops.Attention(t[0], t[1], t[2], mask, scale: 0.7f);
            return Tensors.Ops.Add(Tensors.Ops.Sum(r.Z), Tensors.Ops.Sum(Tensors.Ops.Mul(r.Pattern, r.Pattern)));
        }, [Reference.Random(206, shape), Reference.Random(207, shape), Reference.Random(208, shape)], eps: 1e-3f);
    }

    [Fact]
    public void Explicit_scale_is_used()
    {
        int[] shape = [1, 4, 2, 3];
        var (q, k, v) = (Reference.Random(210, shape), Reference.Random(211, shape), Reference.Random(212, shape));
        var (z, pattern) = NaiveAttention(q, k, v, null, 0.25);
        var result = Tensors.Ops.Attention(q, k, v, null, scale: 0.25f);
        Reference.AssertClose(pattern, result.Pattern, 1e-5, 1e-6);
        Reference.AssertClose(z, result.Z);
    }

    [Fact]
    public void Real_positions_of_a_padded_row_compute_what_the_row_computes_alone()
    {
        const int seq = 6, heads = 2, dHead = 4, real = 3;
        var (q, k, v) = (Reference.Random(220, 2, seq, heads, dHead), Reference.Random(221, 2, seq, heads, dHead), Reference.Random(222, 2, seq, heads, dHead));
        var batched = Tensors.Ops.Attention(q, k, v, new AttentionMask([seq, real]));
        Tensor Row1(Tensor t) => Tensors.Ops.Narrow(Tensors.Ops.Narrow(t, 0, 1, 1), 1, 0, real);
        var alone = Tensors.Ops.Attention(Row1(q), Row1(k), Row1(v), null);
        Reference.AssertClose(alone.Z.ToArray().Select(x => (double)x).ToArray(), Row1(batched.Z), 1e-6, 1e-6);
    }

    [Fact]
    public void Padded_queries_attend_to_the_real_keys_and_empty_rows_are_zero()
    {
        const int seq = 5;
        int[] shape = [3, seq, 1, 2];
        var (q, k, v) = (Reference.Random(230, shape), Reference.Random(231, shape), Reference.Random(232, shape));
        var result = Tensors.Ops.Attention(q, k, v, new AttentionMask([seq, 2, 0]));
        Assert.All(result.Z.ToArray().Concat(result.Pattern.ToArray()), x => Assert.True(float.IsFinite(x)));
        var p = result.Pattern.ToArray();
        for (var i = 0; i < seq; i++)
        {
            var row = p.AsSpan((1 * seq + i) * seq, seq);                             // batch 1 (length 2), query i
            Assert.Equal(1.0, row.ToArray().Sum(x => (double)x), 1e-6);
            Assert.Equal([0f, 0f, 0f], row[2..].ToArray());
            if (i == 0) Assert.Equal(1f, row[0]);
        }
        Assert.All(p[(2 * seq * seq)..], x => Assert.Equal(0f, x));                   // batch 2: length 0
        Assert.All(result.Z.ToArray()[(2 * seq * 2)..], x => Assert.Equal(0f, x));
        GradCheck.Check(t => Tensors.Ops.Attention(t[0], t[1], t[2], new AttentionMask([seq, 2, 0])).Z,
            [Reference.Random(233, shape), Reference.Random(234, shape), Reference.Random(235, shape)], eps: 1e-3f);
    }

    [Fact]
    public void Large_scores_do_not_overflow()
    {
        int[] shape = [1, 3, 1, 2];
        var q = Tensor.Full(300f, shape);
        var k = Tensor.FromArray([300f, 300f, -300f, -300f, 300f, 299f], shape);
        var v = Reference.Random(240, shape);
        var result = Tensors.Ops.Attention(q, k, v, null, scale: 1f);                  // scores ±1.8e5
        Assert.All(result.Z.ToArray().Concat(result.Pattern.ToArray()), x => Assert.True(float.IsFinite(x)));
        Assert.Equal([1f, 0f, 0f, 1f, 0f, 0f, 1f, 0f, 0f], result.Pattern.ToArray());
    }

    [Fact]
    public void A_pattern_can_be_replaced_before_mixing_values()
    {
        int[] shape = [1, 3, 2, 2];
        var v = Reference.Random(250, shape);
        var uniform = Tensor.Full(1f / 3, 1, 2, 3, 3);
        var z = Tensors.Ops.AttentionWeightedSum(uniform, v);
        for (var i = 0; i < 3; i++)
        for (var h = 0; h < 2; h++)
        for (var e = 0; e < 2; e++)
        {
            var mean = Enumerable.Range(0, 3).Average(j => (double)v.Data[(j * 2 + h) * 2 + e]);
            Assert.Equal(mean, z.Data[(i * 2 + h) * 2 + e], 1e-6);
        }
        GradCheck.Check(t => Tensors.Ops.AttentionWeightedSum(t[0], t[1]), [Reference.Random(251, 1, 2, 3, 3), Reference.Random(252, shape)], eps: 1e-3f);
    }

    [Fact]
    public void Bad_shapes_and_masks_are_rejected()
    {
        var x = Tensor.Zeros(2, 3, 1, 2);
        Assert.Throws<ArgumentException>(() => Tensors.Ops.Attention(x, Tensor.Zeros(2, 4, 1, 2), x, null));
        Assert.Throws<ArgumentException>(() => Tensors.Ops.Attention(x, x, x, new AttentionMask([3])));
        Assert.Throws<ArgumentException>(() => Tensors.Ops.Attention(x, x, x, new AttentionMask([3, 4])));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttentionMask([-1]));
    }
}
