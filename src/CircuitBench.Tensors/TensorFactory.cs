namespace CircuitBench.Tensors;

public sealed partial class Tensor
{
    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape) => Full(0f, shape);

    /// <summary>A tensor whose contents are unspecified (recycled storage): for a buffer the caller overwrites completely.</summary>
    public static Tensor Empty(params int[] shape) => Uninitialized(shape);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = Uninitialized(shape);
        t.Data.Fill(value);
        return t;
    }

    /// <summary>A tensor holding a copy of <paramref name="values"/> with the given shape.</summary>
    public static Tensor FromArray(ReadOnlySpan<float> values, params int[] shape)
    {
        var count = ShapeMath.ElementCount(ShapeMath.Validate(shape));
        if (values.Length != count)
            throw new ArgumentException($"{values.Length} values cannot fill shape {ShapeMath.Format(shape)} ({count} elements).", nameof(values));
        var t = Uninitialized(shape);
        values.CopyTo(t.Data);
        return t;
    }

    /// <summary>A scalar (rank-0) tensor.</summary>
    public static Tensor Scalar(float value) => Full(value, []);

    /// <summary>Standard normal values times <paramref name="std"/>, from a counter-based generator: element i depends only on (seed, i).</summary>
    public static Tensor Randn(ulong seed, int[] shape, float std = 1f)
    {
        var t = Uninitialized(shape);
        Rng.CounterRng.FillNormal(seed, t.Data, std);
        return t;
    }

    /// <summary>Uniform values in [low, high), from a counter-based generator: element i depends only on (seed, i).</summary>
    public static Tensor Rand(ulong seed, int[] shape, float low = 0f, float high = 1f)
    {
        var t = Uninitialized(shape);
        Rng.CounterRng.FillUniform(seed, t.Data, low, high);
        return t;
    }

    /// <summary>A copy with its own storage, not connected to any tape.</summary>
    public Tensor Clone() => FromArray(Data, _shape);
}
