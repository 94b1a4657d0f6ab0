using CircuitBench.Models.Training;
using CircuitBench.Tensors;

namespace CircuitBench.Models.Tests.Training;

/// <summary>AdamW against a naive double-precision transcription of the update and against PyTorch (fixture).</summary>
public sealed class AdamWTests
{
    /// <summary>The textbook AdamW update in double for one parameter: decay, moments, bias corrections.</summary>
    private sealed class NaiveAdamW(double[] theta, double beta1, double beta2, double eps, double decay)
    {
        private readonly double[] _m = new double[theta.Length];
        private readonly double[] _v = new double[theta.Length];
        private int _t;

        public double[] Theta => theta;

        public void Step(double[] g, double lr)
        {
            _t++;
            for (var j = 0; j < theta.Length; j++)
            {
                theta[j] -= lr * decay * theta[j];
                _m[j] = beta1 * _m[j] + (1 - beta1) * g[j];
                _v[j] = beta2 * _v[j] + (1 - beta2) * g[j] * g[j];
                var mHat = _m[j] / (1 - Math.Pow(beta1, _t));
                var vHat = _v[j] / (1 - Math.Pow(beta2, _t));
                theta[j] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
        }
    }

    private static float[] Values(ulong seed, int count, float scale) => Tensor.Randn(seed, [count], scale).ToArray();

    [Fact]
    public void Matches_a_naive_double_reference_over_several_steps_with_and_without_decay()
    {
        var options = new AdamWOptions(Beta1: 0.8f, Beta2: 0.99f, Epsilon: 1e-6f, WeightDecay: 0.3f);
        var decayed = Tensor.FromArray(Values(1, 6, 1f), 2, 3);
        var plain = Tensor.FromArray(Values(2, 3, 1f), 3);
        var optimizer = new AdamW([new TrainableParameter("w", decayed, Decay: true), new TrainableParameter("b", plain, Decay: false)], options);
        var referenceW = new NaiveAdamW(decayed.ToArray().Select(v => (double)v).ToArray(), 0.8, 0.99, 1e-6, 0.3);
        var referenceB = new NaiveAdamW(plain.ToArray().Select(v => (double)v).ToArray(), 0.8, 0.99, 1e-6, 0);
        for (var step = 0; step < 5; step++)
        {
            var lr = 0.1f / (step + 1);
            var gw = Values(10 + (ulong)step, 6, step % 2 == 0 ? 1f : 0.01f);
            var gb = Values(20 + (ulong)step, 3, 0.5f);
            SetGrad(decayed, gw);
            SetGrad(plain, gb);
            optimizer.Step(lr);
            referenceW.Step(gw.Select(v => (double)v).ToArray(), lr);
            referenceB.Step(gb.Select(v => (double)v).ToArray(), lr);
        }
        AssertClose(referenceW.Theta, decayed.ToArray(), 1e-5);
        AssertClose(referenceB.Theta, plain.ToArray(), 1e-5);
    }

    [Fact]
    public void Skips_parameters_without_a_gradient()
    {
        var withGrad = Tensor.FromArray([1f, 2f], 2);
        var without = Tensor.FromArray([3f, 4f], 2);
        var optimizer = new AdamW([new("a", withGrad, true), new("b", without, true)], new AdamWOptions(WeightDecay: 0.5f));
        SetGrad(withGrad, [1f, -1f]);
        optimizer.Step(0.1f);
        Assert.Equal([3f, 4f], without.ToArray());
        Assert.NotEqual([1f, 2f], withGrad.ToArray());
    }

    [Fact]
    public void Matches_pytorch_adamw_with_clipping_and_the_warmup_cosine_schedule()
    {
        var fixture = AdamWFixture.Load();
        var weight = Tensor.FromArray(fixture.InitialWeight, 3, 4);
        var bias = Tensor.FromArray(fixture.InitialBias, 4);
        var options = new AdamWOptions(fixture.Beta1, fixture.Beta2, fixture.Epsilon, fixture.WeightDecay);
        var optimizer = new AdamW([new("weight", weight, Decay: true), new("bias", bias, Decay: false)], options);
        var schedule = new WarmupCosineSchedule(fixture.PeakLr, fixture.Warmup, fixture.Total, fixture.MinLr);
        for (var s = 0; s < fixture.Steps.Count; s++)
        {
            var step = fixture.Steps[s];
            weight.ClearGrad();
            bias.ClearGrad();
            SetGrad(weight, step.WeightGrad);
            SetGrad(bias, step.BiasGrad);
            Assert.Equal(step.Lr, schedule.At(s), 1e-7);
            var norm = GradientClipping.ClipByGlobalNorm([weight, bias], fixture.MaxNorm);
            Assert.Equal(step.GradNorm, norm, step.GradNorm * 1e-6);
            optimizer.Step(schedule.At(s));
            AssertClose(step.WeightAfter, weight.ToArray(), 2e-6);
            AssertClose(step.BiasAfter, bias.ToArray(), 2e-6);
        }
    }

    /// <summary>Gives a leaf its gradient the way backward does: a tape run of Σ x·g.</summary>
    internal static void SetGrad(Tensor x, float[] grad)
    {
        x.ClearGrad();
        x.RequiresGrad = true;
        using var tape = Tensors.Autograd.GradTape.Begin();
        tape.Backward(Ops.Sum(Ops.Mul(x, Tensor.FromArray(grad, [.. x.Shape]))));
    }

    private static void AssertClose(IReadOnlyList<double> expected, float[] actual, double relative)
    {
        Assert.Equal(expected.Count, actual.Length);
        for (var i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * Math.Max(1, Math.Abs(expected[i])), $"Element {i}: expected {expected[i]}, got {actual[i]}.");
    }
}
