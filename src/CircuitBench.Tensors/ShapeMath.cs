namespace CircuitBench.Tensors;

/// <summary>Shape arithmetic shared by the ops: element counts, axes, broadcasting.</summary>
internal static class ShapeMath
{
    public static int[] Validate(ReadOnlySpan<int> shape)
    {
        foreach (var d in shape)
            if (d < 0) throw new ArgumentException($"Shape {Format(shape)} has a negative dimension.");
        return shape.ToArray();
    }

    public static int ElementCount(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            n *= d;
            if (n > Array.MaxLength) throw new ArgumentException($"Shape {Format(shape)} has more elements than one array can hold.");
        }
        return (int)n;
    }

    public static int NormalizeAxis(int axis, int rank)
    {
        var a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for rank {rank}.");
        return a;
    }

    /// <summary>Product of the dimensions before <paramref name="axis"/>, the axis, and after it.</summary>
    public static (int Outer, int Axis, int Inner) SplitAt(ReadOnlySpan<int> shape, int axis) =>
        (ElementCount(shape[..axis]), shape[axis], ElementCount(shape[(axis + 1)..]));

    /// <summary>NumPy broadcasting of two shapes (aligned at the right).</summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"Shapes {Format(a)} and {Format(b)} cannot be broadcast together (dimension {i}: {da} vs {db}).");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Row-major strides of <paramref name="shape"/> seen from the broadcast shape <paramref name="target"/>; broadcast dimensions get stride 0.</summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> target)
    {
        var strides = new int[target.Length];
        var offset = target.Length - shape.Length;
        var stride = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i + offset] = shape[i] == 1 && target[i + offset] != 1 ? 0 : stride;
            stride *= shape[i];
        }
        return strides;
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
