using System.Numerics.Tensors;

namespace CircuitBench.Tensors;

/// <summary>
/// Max-subtracted softmax building blocks on one contiguous row (no autograd), shared by the softmax,
/// attention and loss ops. A row whose entries are all −∞ (fully masked) has softmax 0 everywhere and
/// log-sum-exp −∞ instead of PyTorch's NaN. <c>TensorPrimitives.SoftMax</c> is not used: it
/// exponentiates without subtracting the maximum, so logits around 1e4 overflow to ∞/∞ = NaN.
/// </summary>
internal static class SoftmaxKernels
{
    /// <summary>y = exp(x − max) / Σ exp(x − max); zeros when every x is −∞.</summary>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y)
    {
        var max = TensorPrimitives.Max(x);
        if (float.IsNegativeInfinity(max))
        {
            y.Clear();
            return;
        }
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        TensorPrimitives.Divide(y, TensorPrimitives.Sum(y), y);
    }

    /// <summary>
    /// y = (x − max) − log Σ exp(x − max), subtracting the maximum first so that large logits keep
    /// their precision; −∞ everywhere when every x is −∞. <paramref name="scratch"/> is at least as long as x.
    /// </summary>
    public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> y, Span<float> scratch)
    {
        var max = TensorPrimitives.Max(x);
        if (float.IsNegativeInfinity(max))
        {
            y.Fill(float.NegativeInfinity);
            return;
        }
        TensorPrimitives.Subtract(x, max, y);
        var e = scratch[..x.Length];
        TensorPrimitives.Exp(y, e);
        TensorPrimitives.Subtract(y, MathF.Log(TensorPrimitives.Sum(e)), y);
    }

    /// <summary>Softmax backward from its output y: dx = y ⊙ (g − Σ g ⊙ y).</summary>
    public static void SoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx)
    {
        TensorPrimitives.Subtract(g, TensorPrimitives.Dot(g, y), dx);
        TensorPrimitives.Multiply(dx, y, dx);
    }

    /// <summary>Log-softmax backward from its output y: dx = g − exp(y) · Σ g.</summary>
    public static void LogSoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx)
    {
        TensorPrimitives.Exp(y, dx);
        TensorPrimitives.Multiply(dx, -TensorPrimitives.Sum(g), dx);
        TensorPrimitives.Add(dx, g, dx);
    }
}
