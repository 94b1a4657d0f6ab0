using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Ops;

public class SoftmaxTests
{
    /// <summary>Softmax (or log-softmax) along <paramref name="axis"/> in double, max-subtracted.</summary>
    private static double[] NaiveSoftmax(Tensor x, int axis, bool log)
    {
        var shape = x.Shape.ToArray();
        var ax = axis < 0 ? axis + shape.Length : axis;
        var stride = Reference.Strides(shape)[ax];
        var y = new double[x.Size];
        for (var i = 0; i < x.Size; i++)
        {
            if (Reference.Unravel(i, shape)[ax] != 0) continue; // i is the first element of a line
            var line = Enumerable.Range(0, shape[ax]).Select(j => i + j * stride).ToArray();
            var max = line.Max(p => (double)x.Data[p]);
            var lse = max + Math.Log(line.Sum(p => Math.Exp(x.Data[p] - max)));
            foreach (var p in line) y[p] = log ? x.Data[p] - lse : Math.Exp(x.Data[p] - lse);
        }
        return y;
    }

    [Theory]
    [InlineData(new[] { 3, 7 }, -1)]
    [InlineData(new[] { 2, 5, 3 }, 1)]
    [InlineData(new[] { 2, 5, 3 }, 0)]
    [InlineData(new[] { 9 }, 0)]
    public void Softmax_and_log_softmax_match_reference_and_gradients(int[] shape, int axis)
    {
        var x = Tensor.Randn(150, shape, 3f);
        Reference.AssertClose(NaiveSoftmax(x, axis, log: false), Tensors.Ops.Softmax(x, axis), 1e-5, 1e-7);
        Reference.AssertClose(NaiveSoftmax(x, axis, log: true), Tensors.Ops.LogSoftmax(x, axis), 1e-5, 1e-5);
        GradCheck.Check(t => Tensors.Ops.Softmax(t[0], axis), [Tensor.Randn(151, shape, 2f)], eps: 1e-3f);
        GradCheck.Check(t => Tensors.Ops.LogSoftmax(t[0], axis), [Tensor.Randn(152, shape, 2f)], eps: 1e-3f);
    }

    [Fact]
    public void Large_logits_stay_finite_and_exact()
    {
        float[] values = [1e4f, 1e4f - 1f, -1e4f, 80f, -80f, 1e4f - 2.5f];
        var x = Tensor.FromArray(values, 1, 6);
        var p = Tensors.Ops.Softmax(x);
        var logp = Tensors.Ops.LogSoftmax(x);
        Reference.AssertClose(NaiveSoftmax(x, -1, log: false), p, 1e-6, 1e-12);
        // (x − max) − log Σ is exact to float rounding of O(1) numbers; x − (max + log Σ) would lose 1e-3 at 1e4.
        Reference.AssertClose(NaiveSoftmax(x, -1, log: true), logp, 1e-6, 1e-6);
        Assert.Equal(0f, p.Data[2]);
    }

    [Fact]
    public void TensorPrimitives_softmax_overflows_on_large_logits_which_is_why_it_is_not_used()
    {
        float[] values = [1e4f, 1e4f - 1f];
        var theirs = new float[2];
        System.Numerics.Tensors.TensorPrimitives.SoftMax(values, theirs);
        Assert.Contains(theirs, float.IsNaN);
        var ours = Tensors.Ops.Softmax(Tensor.FromArray(values, 2));
        Reference.AssertClose([1 / (1 + Math.Exp(-1)), 1 / (1 + Math.Exp(1))], ours, 1e-6, 1e-7);
    }

    [Fact]
    public void Masked_entries_get_zero_probability_and_all_masked_rows_are_defined()
    {
        var ninf = float.NegativeInfinity;
        var x = Tensor.FromArray([0.5f, ninf, -0.25f, ninf, /* all masked: */ ninf, ninf, ninf, ninf], 2, 4);
        var p = Tensors.Ops.Softmax(x);
        var e = Math.Exp(0.75);
        Reference.AssertClose([e / (e + 1), 0, 1 / (e + 1), 0, 0, 0, 0, 0], p, 1e-6, 1e-7);
        var logp = Tensors.Ops.LogSoftmax(x);
        Assert.Equal([ninf, ninf, ninf, ninf], logp.ToArray()[4..]);
        Assert.Equal(ninf, logp.Data[1]);
        Assert.Equal(Math.Log(e / (e + 1)), logp.Data[0], 1e-6);

        // Gradients are finite: masked entries receive nothing from softmax.
        var leaf = x.Clone();
        leaf.RequiresGrad = true;
        using (var tape = GradTape.Begin()) tape.Backward(Tensors.Ops.Softmax(leaf), Tensor.Randn(153, [2, 4]));
        Assert.All(leaf.Grad!.ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.Equal([0f, 0f, 0f, 0f], leaf.Grad!.ToArray()[4..]);
        Assert.Equal(0f, leaf.Grad!.Data[1]);
    }

    [Fact]
    public void Gradients_hold_with_some_masked_entries()
    {
        var mask = Tensor.FromArray([0f, float.NegativeInfinity, 0f, 0f, float.NegativeInfinity, 0f], 2, 3);
        GradCheck.Check(t => Tensors.Ops.Softmax(Tensors.Ops.Add(t[0], mask)), [Tensor.Randn(154, [2, 3], 2f)], eps: 1e-3f);
    }
}
