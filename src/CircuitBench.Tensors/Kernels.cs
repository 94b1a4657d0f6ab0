using System.Numerics.Tensors;

namespace CircuitBench.Tensors;

/// <summary>Small vectorised building blocks shared by ops (no autograd).</summary>
internal static class Kernels
{
    /// <summary>destination += source.</summary>
    public static void AddInPlace(Span<float> destination, ReadOnlySpan<float> source) =>
        TensorPrimitives.Add(destination, source, destination);

    /// <summary>destination += alpha · source.</summary>
    public static void AddScaledInPlace(Span<float> destination, ReadOnlySpan<float> source, float alpha) =>
        TensorPrimitives.MultiplyAdd(source, alpha, destination, destination);
}
