using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Ops;

public class LossTests
{
    /// <summary>log-softmax of row r of x [rows, v] in double.</summary>
    private static double[] LogSoftmaxRow(Tensor x, int r)
    {
        var v = x.Dim(-1);
        var row = x.ToArray().AsSpan(r * v, v).ToArray().Select(f => (double)f).ToArray();
        var max = row.Max();
        var lse = max + Math.Log(row.Sum(f => Math.Exp(f - max)));
        return row.Select(f => f - lse).ToArray();
    }

    private static double NaiveCrossEntropy(Tensor logits, int[] targets, int ignore)
    {
        var rows = Enumerable.Range(0, targets.Length).Where(r => targets[r] != ignore).ToArray();
        return rows.Sum(r => -LogSoftmaxRow(logits, r)[targets[r]]) / rows.Length;
    }

    private static double NaiveKl(Tensor p, Tensor q, int r)
    {
        var (lp, lq) = (LogSoftmaxRow(p, r), LogSoftmaxRow(q, r));
        return lp.Select((l, i) => double.IsNegativeInfinity(l) ? 0 : Math.Exp(l) * (l - lq[i])).Sum();
    }

    [Theory]
    [InlineData(4, 7)]
    [InlineData(1, 3)]
    [InlineData(6, 11)]
    public void Cross_entropy_matches_reference_and_gradients(int n, int v)
    {
        var targets = Enumerable.Range(0, n).Select(r => (r * 5 + 2) % v).ToArray();
        if (n > 2) targets[1] = -100;
        var logits = Tensor.Randn(500, [n, v], 2f);
        var loss = Tensors.Ops.CrossEntropy(logits, targets);
        Assert.Equal(0, loss.Rank);
        Reference.AssertClose([NaiveCrossEntropy(logits, targets, -100)], loss, 1e-6, 1e-6);
        GradCheck.Check(t => Tensors.Ops.CrossEntropy(t[0], targets), [Tensor.Randn(501, [n, v], 2f)], eps: 1e-3f);
    }

    [Fact]
    public void Cross_entropy_honours_a_custom_ignore_index_and_large_logits()
    {
        var logits = Tensor.FromArray([1e4f, 1e4f - 3f, -1e4f, 0f, 80f, -80f], 2, 3);
        int[] targets = [1, 2];
        Reference.AssertClose([NaiveCrossEntropy(logits, targets, -100)], Tensors.Ops.CrossEntropy(logits, targets), 1e-6, 1e-6);
        Reference.AssertClose([NaiveCrossEntropy(logits, [1, 7], 7)], Tensors.Ops.CrossEntropy(logits, [1, 7], ignoreIndex: 7), 1e-6, 1e-6);
    }

    [Fact]
    public void Cross_entropy_with_every_row_ignored_is_nan_with_zero_gradient()
    {
        var logits = Reference.Random(502, 2, 4);
        logits.RequiresGrad = true;
        using var tape = GradTape.Begin();
        var loss = Tensors.Ops.CrossEntropy(logits, [-100, -100]);
        Assert.True(float.IsNaN(loss.Item()));
        tape.Backward(loss);
        Assert.All(logits.Grad!.ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Cross_entropy_rejects_targets_outside_the_classes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensors.Ops.CrossEntropy(Tensor.Zeros(2, 3), [0, 3]));
        Assert.Throws<ArgumentException>(() => Tensors.Ops.CrossEntropy(Tensor.Zeros(2, 3), [0]));
    }

    [Theory]
    [InlineData(new[] { 3, 6 })]
    [InlineData(new[] { 2, 2, 5 })]
    [InlineData(new[] { 9 })]
    public void Kl_divergence_matches_reference_and_gradients_for_both_arguments(int[] shape)
    {
        var v = shape[^1];
        var (p, q) = (Tensor.Randn(510, shape, 2f), Tensor.Randn(511, shape, 2f));
        var kl = Tensors.Ops.KlDivergence(p, q);
        Assert.Equal(shape[..^1], kl.Shape.ToArray());
        var rows = p.Size / v;
        var expected = Enumerable.Range(0, rows).Select(r => NaiveKl(p, q, r)).ToArray();
        Reference.AssertClose(expected, kl, 1e-5, 1e-6);
        Reference.AssertClose([expected.Average()], Tensors.Ops.KlDivergenceMean(p, q), 1e-5, 1e-6);
        Tensor[] Inputs() => [Tensor.Randn(512, shape, 2f), Tensor.Randn(513, shape, 2f)];
        GradCheck.Check(t => Tensors.Ops.KlDivergence(t[0], t[1]), Inputs(), eps: 1e-3f);
        GradCheck.Check(t => Tensors.Ops.KlDivergenceMean(t[0], t[1]), Inputs(), eps: 1e-3f);
    }

    [Fact]
    public void Kl_of_a_distribution_with_itself_is_zero_and_kl_is_nonnegative()
    {
        var p = Tensor.Randn(520, [4, 8], 3f);
        Assert.All(Tensors.Ops.KlDivergence(p, p).ToArray(), x => Assert.Equal(0f, x, 1e-6f));
        Assert.All(Tensors.Ops.KlDivergence(p, Tensor.Randn(521, [4, 8], 3f)).ToArray(), x => Assert.True(x > 0));
        // Shifting logits by a constant does not change the distribution.
        Assert.Equal(0f, Tensors.Ops.KlDivergence(p, Tensors.Ops.AddScalar(p, 1e3f)).Data[0], 1e-3f);
    }

    [Fact]
    public void Kl_with_masked_entries_follows_zero_log_zero_is_zero()
    {
        var ninf = float.NegativeInfinity;
        var p = Tensor.FromArray([0.3f, ninf, -1f, 2f], 1, 4);
        var q = Tensor.FromArray([1f, 0.5f, 0f, -0.5f], 1, 4);
        Reference.AssertClose([NaiveKl(p, q, 0)], Tensors.Ops.KlDivergence(p, q), 1e-5, 1e-6);
        Assert.True(float.IsPositiveInfinity(Tensors.Ops.KlDivergence(q, p).Item()));   // q has mass where p has none

        var (lp, lq) = (p.Clone(), q.Clone());
        lp.RequiresGrad = lq.RequiresGrad = true;
        using var tape = GradTape.Begin();
        tape.Backward(Tensors.Ops.KlDivergence(lp, lq), Tensor.Ones(1));
        Assert.All(lp.Grad!.ToArray().Concat(lq.Grad!.ToArray()), g => Assert.True(float.IsFinite(g)));
        Assert.Equal(0f, lp.Grad!.Data[1]);
    }
}
