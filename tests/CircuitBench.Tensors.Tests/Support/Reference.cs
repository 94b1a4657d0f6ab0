namespace CircuitBench.Tensors.Tests.Support;

/// <summary>Naive double-precision reference implementations and comparison helpers for tests.</summary>
public static class Reference
{
    /// <summary>A tensor of standard normals from a test seed.</summary>
    public static Tensor Random(ulong seed, params int[] shape) => Tensor.Randn(seed, shape);

    /// <summary>Row-major strides of a shape.</summary>
    public static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        for (int d = shape.Length - 1, s = 1; d >= 0; d--) { strides[d] = s; s *= shape[d]; }
        return strides;
    }

    /// <summary>The multi-index of flat position <paramref name="flat"/> in <paramref name="shape"/>.</summary>
    public static int[] Unravel(int flat, int[] shape)
    {
        var index = new int[shape.Length];
        for (var d = shape.Length - 1; d >= 0; d--) { index[d] = flat % shape[d]; flat /= shape[d]; }
        return index;
    }

    /// <summary>The element of <paramref name="t"/> that broadcasting maps to output index <paramref name="outIndex"/>.</summary>
    public static double Broadcast(Tensor t, int[] outIndex)
    {
        var shape = t.Shape.ToArray();
        var offset = outIndex.Length - shape.Length;
        var strides = Strides(shape);
        var flat = 0;
        for (var d = 0; d < shape.Length; d++) flat += (shape[d] == 1 ? 0 : outIndex[d + offset]) * strides[d];
        return t.Data[flat];
    }

    /// <summary>Asserts the shapes are equal and every element is within atol + rtol·|expected|.</summary>
    public static void AssertClose(double[] expected, Tensor actual, double rtol = 1e-5, double atol = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Size);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual.Data[i]) <= atol + rtol * Math.Abs(expected[i]),
                $"element {i}: expected {expected[i]:G8}, got {actual.Data[i]:G8}");
    }
}
