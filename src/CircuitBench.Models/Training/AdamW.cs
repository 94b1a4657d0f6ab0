using CircuitBench.Tensors;

namespace CircuitBench.Models.Training;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter) with PyTorch's update order, in float32 like <c>torch.optim.AdamW</c>:
/// <code>
/// θ ← θ·(1 − lr·λ)                       (decayed parameters only)
/// m ← β1·m + (1 − β1)·g
/// v ← β2·v + (1 − β2)·g²
/// θ ← θ − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
/// </code>
/// Parameters without a gradient are skipped (their moments and step do not advance), as in PyTorch.
/// Elements are updated one by one in index order, so results are bit-identical across runs.
/// </summary>
public sealed class AdamW
{
    private readonly IReadOnlyList<TrainableParameter> _parameters;
    private readonly AdamWOptions _options;
    private readonly float[][] _m;      // first moments, one [size] buffer per parameter
    private readonly float[][] _v;      // second moments, one [size] buffer per parameter
    private readonly int[] _steps;      // per-parameter step counts t (for the bias corrections)

    /// <summary>Creates the optimizer with zero moments for <paramref name="parameters"/>.</summary>
    public AdamW(IReadOnlyList<TrainableParameter> parameters, AdamWOptions options)
    {
        _parameters = parameters;
        _options = options.Validate();
        _m = parameters.Select(p => new float[p.Tensor.Size]).ToArray();
        _v = parameters.Select(p => new float[p.Tensor.Size]).ToArray();
        _steps = new int[parameters.Count];
    }

    /// <summary>Updates every parameter that has a gradient, with learning rate <paramref name="learningRate"/>.</summary>
    public void Step(float learningRate)
    {
        var (beta1, beta2, eps) = (_options.Beta1, _options.Beta2, _options.Epsilon);
        for (var i = 0; i < _parameters.Count; i++)
        {
            var parameter = _parameters[i];
            if (parameter.Tensor.Grad is not { } grad) continue;
            var t = ++_steps[i];
            var stepSize = (float)(learningRate / (1.0 - Math.Pow(beta1, t)));
            var correction2Sqrt = (float)Math.Sqrt(1.0 - Math.Pow(beta2, t));
            var decay = parameter.Decay ? 1f - learningRate * _options.WeightDecay : 1f;
            Update(parameter.Tensor.Data, grad.Data, _m[i], _v[i], new Coefficients(beta1, beta2, eps, stepSize, correction2Sqrt, decay));
        }
    }

    private static void Update(Span<float> theta, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Coefficients c)
    {
        for (var j = 0; j < theta.Length; j++)
        {
            theta[j] *= c.Decay;
            m[j] = c.Beta1 * m[j] + (1f - c.Beta1) * g[j];
            v[j] = c.Beta2 * v[j] + (1f - c.Beta2) * (g[j] * g[j]);
            theta[j] -= c.StepSize * (m[j] / (MathF.Sqrt(v[j]) / c.Correction2Sqrt + c.Epsilon));
        }
    }

    private readonly record struct Coefficients(float Beta1, float Beta2, float Epsilon, float StepSize, float Correction2Sqrt, float Decay);
}
