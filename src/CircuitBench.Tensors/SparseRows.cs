using System.Numerics;

namespace CircuitBench.Tensors;

/// <summary>
/// Row sparsity of a row-major gradient [rows, cols]: which rows hold a non-zero element, and gathering / scattering
/// of those rows. Backward products use it to skip rows whose contribution is exactly zero (e.g. the logits of
/// positions a metric does not read, whose gradient is all zeros).
/// </summary>
internal static class SparseRows
{
    /// <summary>
    /// The ascending indices of the rows of <paramref name="g"/> [rows, cols] that hold an element other than ±0
    /// (NaN counts as non-zero), or null when more than half of the rows do (then a dense product is as cheap).
    /// </summary>
    public static int[]? Find(ReadOnlySpan<float> g, int rows, int cols)
    {
        var live = new List<int>();
        for (var r = 0; r < rows; r++)
        {
            if (IsZero(g.Slice(r * cols, cols))) continue;
            live.Add(r);
            if (2 * live.Count > rows) return null;
        }
        return [.. live];
    }

    /// <summary>True when every element of <paramref name="row"/> equals zero (+0 or −0; NaN does not).</summary>
    public static bool IsZero(ReadOnlySpan<float> row)
    {
        var width = Vector<float>.Count;
        var i = 0;
        for (; i + width <= row.Length; i += width)
            if (!Vector.EqualsAll(new Vector<float>(row.Slice(i, width)), Vector<float>.Zero)) return false;
        for (; i < row.Length; i++)
            if (row[i] != 0f) return false;
        return true;
    }

    /// <summary>Rows <paramref name="index"/> of <paramref name="source"/> [*, cols] → [index.Length, cols], in index order.</summary>
    public static Tensor Gather(ReadOnlySpan<float> source, int cols, int[] index)
    {
        var dst = Tensor.Uninitialized([index.Length, cols]);
        for (var i = 0; i < index.Length; i++) source.Slice(index[i] * cols, cols).CopyTo(dst.Data.Slice(i * cols, cols));
        return dst;
    }

    /// <summary>A zero tensor of <paramref name="shape"/> ([*, cols] in memory) whose rows <paramref name="index"/> are the rows of <paramref name="rows"/> [index.Length, cols].</summary>
    public static Tensor Scatter(ReadOnlySpan<float> rows, int cols, int[] index, ReadOnlySpan<int> shape)
    {
        var dst = Tensor.Zeros(shape.ToArray());
        for (var i = 0; i < index.Length; i++) rows.Slice(i * cols, cols).CopyTo(dst.Data.Slice(index[i] * cols, cols));
        return dst;
    }
}
