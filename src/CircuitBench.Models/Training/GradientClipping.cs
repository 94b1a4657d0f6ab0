using CircuitBench.Tensors;

namespace CircuitBench.Models.Training;

/// <summary>Global-norm gradient clipping (PyTorch's <c>clip_grad_norm_</c> with the L2 norm).</summary>
public static class GradientClipping
{
    /// <summary>
    /// Computes the L2 norm of all gradients together, ‖g‖ = √(Σ g²) (summed in double, in a fixed order), and when
    /// it exceeds <paramref name="maxNorm"/> scales every gradient by maxNorm / (‖g‖ + 10⁻⁶). Tensors without a
    /// gradient are ignored.
    /// </summary>
    /// <returns>The norm before clipping.</returns>
    public static float ClipByGlobalNorm(IEnumerable<Tensor> parameters, float maxNorm)
    {
        if (!(maxNorm > 0f)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The clipping norm must be positive.");
        var grads = parameters.Select(p => p.Grad).OfType<Tensor>().ToArray();
        var sumOfSquares = 0.0;
        foreach (var grad in grads)
            foreach (var value in grad.Data) sumOfSquares += (double)value * value;
        var norm = (float)Math.Sqrt(sumOfSquares);
        var coefficient = maxNorm / (norm + 1e-6f);
        if (coefficient < 1f)
            foreach (var grad in grads) System.Numerics.Tensors.TensorPrimitives.Multiply(grad.Data, coefficient, grad.Data);
        return norm;
    }
}
