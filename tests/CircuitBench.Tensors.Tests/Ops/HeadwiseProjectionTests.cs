using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Gemm;
using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Ops;

public class HeadwiseProjectionTests
{
    /// <summary>y[r, i, o] = Σ_j LN(x[r, i, :])[j] · W[j, i·d_out + o] + b[i·d_out + o], every step in double.</summary>
    private static double[] Naive(Tensor x, Tensor? lnW, Tensor? lnB, Tensor w, Tensor b, double eps)
    {
        var (heads, dIn) = (x.Dim(-2), x.Dim(-1));
        var dOut = w.Dim(1) / heads;
        var rows = x.Size / (heads * dIn);
        var y = new double[rows * heads * dOut];
        var normed = new double[dIn];
        for (var r = 0; r < rows; r++)
        for (var i = 0; i < heads; i++)
        {
            var from = (r * heads + i) * dIn;
            double mean = 0, var = 0;
            for (var j = 0; j < dIn; j++) mean += x.Data[from + j];
            mean /= dIn;
            for (var j = 0; j < dIn; j++) var += Math.Pow(x.Data[from + j] - mean, 2);
            var rstd = 1 / Math.Sqrt(var / dIn + eps);
            for (var j = 0; j < dIn; j++)
                normed[j] = lnW is null ? x.Data[from + j] : (x.Data[from + j] - mean) * rstd * lnW.Data[j] + lnB!.Data[j];
            for (var o = 0; o < dOut; o++)
            {
                var column = i * dOut + o;
                double sum = b.Data[column];
                for (var j = 0; j < dIn; j++) sum += normed[j] * w.Data[j * w.Dim(1) + column];
                y[(r * heads + i) * dOut + o] = sum;
            }
        }
        return y;
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4, 5 }, 3)]
    [InlineData(new[] { 3, 2, 6 }, 4)]
    [InlineData(new[] { 1, 1, 1, 7 }, 2)]
    public void Matches_a_double_precision_reference_with_and_without_layer_norm(int[] shape, int dOut)
    {
        var (heads, dIn) = (shape[^2], shape[^1]);
        var x = Reference.Random(200, shape);
        var (lnW, lnB) = (Reference.Random(201, dIn), Reference.Random(202, dIn));
        var (w, b) = (Reference.Random(203, dIn, heads * dOut), Reference.Random(204, heads * dOut));
        var y = Tensors.Ops.HeadwiseLayerNormLinear(x, lnW, lnB, w, b);
        Assert.Equal([.. shape[..^1], dOut], y.Shape.ToArray());
        Reference.AssertClose(Naive(x, lnW, lnB, w, b, 1e-5), y, rtol: 1e-4, atol: 1e-4);
        Reference.AssertClose(Naive(x, null, null, w, b, 0), Tensors.Ops.HeadwiseLayerNormLinear(x, null, null, w, b), rtol: 1e-4, atol: 1e-4);
    }

    [Fact]
    public void Gradients_match_finite_differences_with_layer_norm()
    {
        GradCheck.Check(t => Tensors.Ops.HeadwiseLayerNormLinear(t[0], t[3], t[4], t[1], t[2]),
            [Reference.Random(210, 2, 3, 3, 5), Reference.Random(211, 5, 3 * 2), Reference.Random(212, 3 * 2), Reference.Random(213, 5), Reference.Random(214, 5)],
            eps: 1e-3f);
    }

    [Fact]
    public void Gradients_match_finite_differences_without_layer_norm()
    {
        GradCheck.Check(t => Tensors.Ops.HeadwiseLayerNormLinear(t[0], null, null, t[1], t[2]),
            [Reference.Random(220, 3, 2, 4), Reference.Random(221, 4, 2 * 3), Reference.Random(222, 2 * 3)], eps: 1e-3f);
    }

    [Fact]
    public void Results_and_gradients_do_not_depend_on_the_thread_count()
    {
        // Large enough (rows · d_in > 2^15) that the row loops and the GEMMs split across threads.
        float[][] Run(int threads)
        {
            using var _ = Compute.Use(new ManagedGemm(threads));
            var inputs = new[] { Reference.Random(230, 4, 64, 3, 200), Reference.Random(231, 200, 3 * 16), Reference.Random(232, 3 * 16), Reference.Random(233, 200), Reference.Random(234, 200) };
            foreach (var t in inputs) t.RequiresGrad = true;
            using var tape = GradTape.Begin();
            var y = Tensors.Ops.HeadwiseLayerNormLinear(inputs[0], inputs[3], inputs[4], inputs[1], inputs[2]);
            tape.Backward(y, Reference.Random(235, [.. y.Shape]));
            return [y.ToArray(), .. inputs.Select(t => t.Grad!.ToArray())];
        }
        var (one, two) = (Run(1), Run(2));
        for (var i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Shared_rows_give_the_values_and_gradients_of_the_per_head_path(bool layerNorm)
    {
        float[][] Run(bool shared)
        {
            var rows = Reference.Random(240, 2, 5, 1, 12);
            rows.RequiresGrad = true;
            var inputs = new[] { Reference.Random(241, 12, 3 * 4), Reference.Random(242, 3 * 4), Reference.Random(243, 12), Reference.Random(244, 12) };
            foreach (var t in inputs) t.RequiresGrad = true;
            using var tape = GradTape.Begin();
            var x = shared ? Tensors.Ops.ExpandLazily(rows, 2, 5, 3, 12) : Tensors.Ops.Expand(rows, 2, 5, 3, 12);
            x.RetainGrad();
            var (lnW, lnB) = layerNorm ? (inputs[2], inputs[3]) : (null, null);
            var y = Tensors.Ops.HeadwiseLayerNormLinear(x, lnW, lnB, inputs[0], inputs[1], sharedRows: shared ? rows : null);
            tape.Backward(y, Reference.Random(245, [.. y.Shape]));
            Assert.Equal(shared, x.ContentsPending);                               // with shared rows, neither pass read (so copied) x
            return [y.ToArray(), x.Grad!.ToArray(), .. inputs.Take(layerNorm ? 4 : 2).Select(t => t.Grad!.ToArray())];
        }
        var (perHead, shared) = (Run(false), Run(true));
        for (var i = 0; i < perHead.Length; i++)
            Reference.AssertClose([.. perHead[i].Select(v => (double)v)], Tensor.FromArray(shared[i], shared[i].Length), rtol: 1e-5, atol: 1e-5);
        Assert.Throws<ArgumentException>(() => Tensors.Ops.HeadwiseLayerNormLinear(Tensor.Zeros(2, 3, 4), null, null, Tensor.Zeros(4, 6), Tensor.Zeros(6), sharedRows: Tensor.Zeros(2, 3, 4)));
    }

    [Fact]
    public void Mismatched_shapes_are_refused_with_the_expected_shape()
    {
        var x = Tensor.Zeros(2, 3, 4);
        var e = Assert.Throws<ArgumentException>(() => Tensors.Ops.HeadwiseLayerNormLinear(x, null, null, Tensor.Zeros(5, 6), Tensor.Zeros(6)));
        Assert.Contains("[4, 3·d_out]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensors.Ops.HeadwiseLayerNormLinear(x, null, null, Tensor.Zeros(4, 6), Tensor.Zeros(5)));
        Assert.Contains("must be [6]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensors.Ops.HeadwiseLayerNormLinear(x, Tensor.Zeros(4), null, Tensor.Zeros(4, 6), Tensor.Zeros(6)));
        Assert.Contains("both", e.Message);
    }
}

public class HeadwiseOutputTests
{
    [Theory]
    [InlineData(new[] { 2, 3, 4, 5 }, 3)]
    [InlineData(new[] { 1, 2, 6 }, 4)]
    public void Matches_a_double_precision_reference(int[] shape, int dOut)
    {
        var (heads, dIn) = (shape[^2], shape[^1]);
        var x = Reference.Random(300, shape);
        var w = Reference.Random(301, heads * dIn, dOut);
        var y = Tensors.Ops.HeadwiseOutput(x, w);
        Assert.Equal([.. shape[..^1], dOut], y.Shape.ToArray());
        var rows = x.Size / (heads * dIn);
        var expected = new double[rows * heads * dOut];
        for (var r = 0; r < rows; r++)
        for (var i = 0; i < heads; i++)
        for (var o = 0; o < dOut; o++)
        {
            double sum = 0;
            for (var j = 0; j < dIn; j++) sum += (double)x.Data[(r * heads + i) * dIn + j] * w.Data[(i * dIn + j) * dOut + o];
            expected[(r * heads + i) * dOut + o] = sum;
        }
        Reference.AssertClose(expected, y, rtol: 1e-4, atol: 1e-4);
    }

    [Fact]
    public void Gradients_match_finite_differences() =>
        GradCheck.Check(t => Tensors.Ops.HeadwiseOutput(t[0], t[1]), [Reference.Random(310, 2, 3, 3, 4), Reference.Random(311, 3 * 4, 5)], eps: 1e-3f);

    [Fact]
    public void Results_and_gradients_do_not_depend_on_the_thread_count()
    {
        float[][] Run(int threads)
        {
            using var _ = Compute.Use(new ManagedGemm(threads));
            var (x, w) = (Reference.Random(320, 4, 64, 3, 40), Reference.Random(321, 3 * 40, 96));
            (x.RequiresGrad, w.RequiresGrad) = (true, true);
            using var tape = GradTape.Begin();
            var y = Tensors.Ops.HeadwiseOutput(x, w);
            tape.Backward(y, Reference.Random(322, [.. y.Shape]));
            return [y.ToArray(), x.Grad!.ToArray(), w.Grad!.ToArray()];
        }
        var (one, two) = (Run(1), Run(2));
        for (var i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i]);
    }

    [Fact]
    public void A_weight_of_the_wrong_shape_is_refused() =>
        Assert.Contains("[3·4, d_out]", Assert.Throws<ArgumentException>(() => Tensors.Ops.HeadwiseOutput(Tensor.Zeros(2, 3, 4), Tensor.Zeros(11, 5))).Message);
}

public class AddPerHeadTests
{
    [Fact]
    public void Adds_each_heads_row_of_the_head_major_additions()
    {
        var x = Reference.Random(400, 2, 3, 4, 5);                                     // rows 6, h 4, d 5
        var additions = Reference.Random(401, 7, 6 * 5);                                // heads use rows 2 … 5
        var y = Tensors.Ops.AddPerHead(x, additions, firstRow: 2);
        for (var r = 0; r < 6; r++)
        for (var i = 0; i < 4; i++)
        for (var j = 0; j < 5; j++)
            Assert.Equal(x.Data[(r * 4 + i) * 5 + j] + additions.Data[(2 + i) * 30 + r * 5 + j], y.Data[(r * 4 + i) * 5 + j]);
        GradCheck.Check(t => Tensors.Ops.AddPerHead(t[0], t[1], firstRow: 1), [Reference.Random(402, 2, 3, 5), Reference.Random(403, 4, 2 * 5)]);
        Assert.Contains("rows 5 … 8", Assert.Throws<ArgumentException>(() => Tensors.Ops.AddPerHead(x, additions, firstRow: 5)).Message);
    }

    [Fact]
    public void On_an_uncopied_expansion_nothing_is_written_until_read_and_the_projection_reads_the_parts()
    {
        var rows = Reference.Random(410, 2, 3, 1, 8);
        var additions = Reference.Random(411, 3, 6 * 8);
        var (w, b, lnW, lnB) = (Reference.Random(412, 8, 3 * 4), Reference.Random(413, 3 * 4), Reference.Random(414, 8), Reference.Random(415, 8));
        var eager = Tensors.Ops.AddPerHead(Tensors.Ops.Expand(rows, 2, 3, 3, 8), additions);
        var expanded = Tensors.Ops.ExpandLazily(rows, 2, 3, 3, 8);
        var deferred = Tensors.Ops.AddPerHead(expanded, additions);
        Assert.True(deferred.ContentsPending);
        var projected = Tensors.Ops.HeadwiseLayerNormLinear(deferred, lnW, lnB, w, b);
        Assert.True(deferred.ContentsPending && expanded.ContentsPending);             // read from rows and additions
        Assert.Equal(Tensors.Ops.HeadwiseLayerNormLinear(eager, lnW, lnB, w, b).ToArray(), projected.ToArray());
        Assert.Equal(eager.ToArray(), deferred.ToArray());                             // written when read, the same values
    }
}
