using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors.Tests.Support;

/// <summary>
/// Checks an op's backward against central finite differences of L = Σ f(x) ⊙ w, with w a fixed
/// random projection (so every output element's gradient matters), accumulated in double precision.
/// </summary>
public static class GradCheck
{
    /// <summary>Asserts analytic and numeric gradients agree for every element of every input.</summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, float eps = 1e-2f, double rtol = 2e-2, double atol = 2e-3)
    {
        foreach (var x in inputs) x.RequiresGrad = true;
        Tensor weights;
        using (var tape = GradTape.Begin())
        {
            var y = f(inputs);
            weights = Tensor.Randn(777, [.. y.Shape]);
            tape.Backward(y, weights);
        }
        for (var i = 0; i < inputs.Length; i++)
        {
            var x = inputs[i];
            Assert.True(x.Grad is not null, $"input {i} got no gradient");
            var analytic = x.Grad!.ToArray();
            var data = x.Data;
            for (var j = 0; j < x.Size; j++)
            {
                var saved = data[j];
                data[j] = saved + eps;
                var plus = Loss(f, inputs, weights);
                data[j] = saved - eps;
                var minus = Loss(f, inputs, weights);
                data[j] = saved;
                var numeric = (plus - minus) / (2.0 * eps);
                var diff = Math.Abs(analytic[j] - numeric);
                Assert.True(diff <= atol + rtol * Math.Abs(numeric),
                    $"input {i} {x} element {j}: analytic {analytic[j]:G6} vs numeric {numeric:G6}");
            }
            x.Grad = null;
        }
    }

    private static double Loss(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor weights)
    {
        using var _ = GradTape.NoGrad();
        var y = f(inputs);
        double sum = 0;
        for (var k = 0; k < y.Size; k++) sum += (double)y.Data[k] * weights.Data[k];
        return sum;
    }
}
