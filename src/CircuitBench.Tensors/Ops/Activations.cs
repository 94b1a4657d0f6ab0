using System.Numerics.Tensors;
using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Numerics;

namespace CircuitBench.Tensors;

/// <summary>Which GELU formula <see cref="Ops.Gelu"/> computes.</summary>
public enum GeluKind
{
    /// <summary>GPT-2's tanh approximation ("gelu_new"): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
    Tanh,

    /// <summary>The exact GELU ("gelu"): x·Φ(x) = 0.5·x·(1 + erf(x/√2)).</summary>
    Erf,
}

public static partial class Ops
{
    private const float GeluTanhCubic = 0.044715f;
    private static readonly float GeluTanhScale = MathF.Sqrt(2f / MathF.PI);

    /// <summary>
    /// Gaussian error linear unit, elementwise, any shape: <see cref="GeluKind.Tanh"/> is
    /// <c>0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))</c> (HF "gelu_new"), <see cref="GeluKind.Erf"/> is
    /// <c>0.5·x·(1 + erf(x/√2))</c> (HF "gelu", PyTorch's default), computed in double.
    /// </summary>
    public static Tensor Gelu(Tensor x, GeluKind kind = GeluKind.Tanh)
    {
        var y = Tensor.Uninitialized(x.Shape);
        ParallelChunks.For(x.Size, ElementwiseAlign, 1, (start, count) =>
        {
            var src = x.Data.Slice(start, count);
            var dst = y.Data.Slice(start, count);
            if (kind == GeluKind.Tanh) GeluTanh(src, dst);
            else for (var i = 0; i < src.Length; i++) dst[i] = (float)(0.5 * src[i] * ErrorFunction.Erfc(-src[i] * Math.Sqrt(0.5)));
        });
        return GradTape.Record(y, (g, sink) =>
        {
            var gx = Tensor.Uninitialized(x.Shape);
            ParallelChunks.For(x.Size, ElementwiseAlign, 1, (start, count) =>
            {
                var dst = gx.Data.Slice(start, count);
                if (kind == GeluKind.Tanh) GeluTanhBackward(x.Data.Slice(start, count), g.Data.Slice(start, count), dst);
                else GeluErfBackward(x.Data.Slice(start, count), g.Data.Slice(start, count), dst);
            });
            sink.AddOwned(0, gx);
        }, x);
    }

    /// <summary>Chunk alignment of elementwise kernels: a multiple of every vector width, so no element falls to a scalar tail that a whole-array call would vectorise.</summary>
    private const int ElementwiseAlign = 64;

    /// <summary>y = 0.5·x·(1 + tanh(u)).</summary>
    private static void GeluTanh(ReadOnlySpan<float> x, Span<float> y)
    {
        GeluTanhInner(x, y);                                                      // y = tanh(u)
        TensorPrimitives.Add(y, 1f, y);
        TensorPrimitives.Multiply(y, x, y);
        TensorPrimitives.Multiply(y, 0.5f, y);
    }

    /// <summary>SiLU (swish), elementwise, any shape: <c>y = x·σ(x)</c>; dy/dx = σ(x)·(1 + x·(1 − σ(x))).</summary>
    public static Tensor Silu(Tensor x)
    {
        var y = Tensor.Uninitialized(x.Shape);
        TensorPrimitives.Sigmoid(x.Data, y.Data);
        TensorPrimitives.Multiply(y.Data, x.Data, y.Data);
        return GradTape.Record(y, (g, sink) =>
        {
            var gx = Tensor.Uninitialized(x.Shape);
            var s = gx.Data;
            TensorPrimitives.Sigmoid(x.Data, s);                                  // σ
            var xs = x.Data;
            var gs = g.Data;
            for (var i = 0; i < s.Length; i++) s[i] = gs[i] * s[i] * (1f + xs[i] * (1f - s[i]));
            sink.AddOwned(0, gx);
        }, x);
    }

    /// <summary>t = tanh(√(2/π)·(x + 0.044715·x³)).</summary>
    private static void GeluTanhInner(ReadOnlySpan<float> x, Span<float> t)
    {
        TensorPrimitives.Multiply(x, x, t);                                       // x²
        TensorPrimitives.Multiply(t, GeluTanhScale * GeluTanhCubic, t);
        TensorPrimitives.Add(t, GeluTanhScale, t);
        TensorPrimitives.Multiply(t, x, t);                                       // √(2/π)·(x + 0.044715·x³)
        TensorPrimitives.Tanh(t, t);
    }

    /// <summary>dx = g · (0.5·(1 + t) + 0.5·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²)).</summary>
    private static void GeluTanhBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dx)
    {
        GeluTanhInner(x, dx);
        for (var i = 0; i < dx.Length; i++)
        {
            var (t, xi) = (dx[i], x[i]);
            var du = GeluTanhScale * (1f + 3f * GeluTanhCubic * xi * xi);
            dx[i] = g[i] * (0.5f * (1f + t) + 0.5f * xi * (1f - t * t) * du);
        }
    }

    /// <summary>dx = g · (Φ(x) + x·φ(x)), Φ(x) = 0.5·erfc(−x/√2), φ(x) = exp(−x²/2)/√(2π).</summary>
    private static void GeluErfBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dx)
    {
        var invSqrt2Pi = 1 / Math.Sqrt(2 * Math.PI);
        for (var i = 0; i < dx.Length; i++)
        {
            double xi = x[i];
            var cdf = 0.5 * ErrorFunction.Erfc(-xi * Math.Sqrt(0.5));
            var pdf = Math.Exp(-0.5 * xi * xi) * invSqrt2Pi;
            dx[i] = (float)(g[i] * (cdf + xi * pdf));
        }
    }
}
