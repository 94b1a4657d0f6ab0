using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Ops;

public class SparseRowBackwardTests
{
    [Fact]
    public void Find_lists_rows_with_a_non_zero_or_nan_element_and_gives_up_past_half()
    {
        const int cols = 37;                                    // a vector body plus a scalar tail
        var g = new float[8 * cols];
        g[1 * cols + 36] = 1e-30f;                              // tail element
        g[4 * cols + 3] = float.NaN;
        g[6 * cols + 20] = -0f;                                 // negative zero counts as zero
        Assert.Equal([1, 4], SparseRows.Find(g, 8, cols)!);
        g[2 * cols] = g[3 * cols] = 2f;
        Assert.Equal([1, 2, 3, 4], SparseRows.Find(g, 8, cols)!);
        g[5 * cols + 5] = -1f;
        Assert.Null(SparseRows.Find(g, 8, cols));
        Assert.Equal([], SparseRows.Find(new float[3 * cols], 3, cols)!);
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 6 })]
    [InlineData(new[] { 0, 3, 6 })]
    [InlineData(new[] { 0, 1, 2, 3, 4, 5, 6 })]                 // dense: the ordinary path
    public void Linear_backward_with_zero_gradient_rows_matches_a_double_reference(int[] liveRows)
    {
        const int rows = 7, dIn = 33, dOut = 19;
        var (x, w, bias) = (Reference.Random(70, 7, dIn), Reference.Random(71, dIn, dOut), Reference.Random(72, dOut));
        var seed = SeedWithRows(73, rows, dOut, liveRows);
        var (gx, gw, gb) = Backward(seed, x, w, bias, (x, w, b) => Tensors.Ops.Linear(x, w, b));
        Reference.AssertClose(Product(seed, rows, dOut, w, dIn, dOut, transposeB: true), gx);     // g · wᵀ
        Reference.AssertClose(TransposedProduct(x, dIn, seed, dOut, rows), gw);                  // xᵀ · g
        Reference.AssertClose(ColumnSums(seed, rows, dOut), gb!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MatMul_backward_with_zero_gradient_rows_matches_a_double_reference(bool transposeB)
    {
        const int m = 9, k = 21, n = 40;
        var a = Reference.Random(80, 3, 3, k);                                                   // [3, 3, k]: rows = 9
        var b = Reference.Random(81, transposeB ? [n, k] : [k, n]);
        var seed = SeedWithRows(82, m, n, [2, 8]);
        var (ga, gb, _) = Backward(Tensors.Ops.Reshape(seed, 3, 3, n), a, b, null, (a, b, _) => Tensors.Ops.MatMul(a, b, transposeB: transposeB));
        Assert.Equal([3, 3, k], ga.Shape.ToArray());
        Reference.AssertClose(Product(seed, m, n, b, k, n, transposeB: !transposeB), ga);      // g · op(b)ᵀ
        var db = TransposedProduct(a, k, seed, n, m);                                            // aᵀ · g: [k, n]
        Reference.AssertClose(transposeB ? Transpose(db, k, n) : db, gb);
    }

    // A [rows, cols] gradient, random in rows liveRows and exactly zero elsewhere.
    private static Tensor SeedWithRows(ulong seed, int rows, int cols, int[] liveRows)
    {
        var random = Reference.Random(seed, rows, cols).ToArray();
        var values = new float[rows * cols];
        foreach (var r in liveRows) random.AsSpan(r * cols, cols).CopyTo(values.AsSpan(r * cols, cols));
        return Tensor.FromArray(values, rows, cols);
    }

    private static (Tensor, Tensor, Tensor?) Backward(Tensor seed, Tensor a, Tensor b, Tensor? c, Func<Tensor, Tensor, Tensor?, Tensor> op)
    {
        a.RequiresGrad = b.RequiresGrad = true;
        if (c is not null) c.RequiresGrad = true;
        using var tape = GradTape.Begin();
        var y = op(a, b, c);
        tape.Backward(y, Tensors.Ops.Reshape(seed, [.. y.Shape]));
        return (a.Grad!, b.Grad!, c?.Grad);
    }

    // g [rows, n] · op(b) where op(b) is [n, k]: b is [k, n] read transposed (transposeB) or [n, k] as stored.
    private static double[] Product(Tensor g, int rows, int n, Tensor b, int k, int bCols, bool transposeB)
    {
        var result = new double[rows * k];
        for (var i = 0; i < rows; i++)
        for (var j = 0; j < k; j++)
        for (var p = 0; p < n; p++)
            result[i * k + j] += (double)g.Data[i * n + p] * (transposeB ? b.Data[j * bCols + p] : b.Data[p * k + j]);
        return result;
    }

    // aᵀ · g with a [rows, k], g [rows, n] → [k, n].
    private static double[] TransposedProduct(Tensor a, int k, Tensor g, int n, int rows)
    {
        var result = new double[k * n];
        for (var i = 0; i < k; i++)
        for (var j = 0; j < n; j++)
        for (var r = 0; r < rows; r++)
            result[i * n + j] += (double)a.Data[r * k + i] * g.Data[r * n + j];
        return result;
    }

    private static double[] ColumnSums(Tensor g, int rows, int cols)
    {
        var result = new double[cols];
        for (var r = 0; r < rows; r++)
        for (var j = 0; j < cols; j++)
            result[j] += g.Data[r * cols + j];
        return result;
    }

    private static double[] Transpose(double[] x, int rows, int cols)
    {
        var result = new double[rows * cols];
        for (var i = 0; i < rows; i++)
        for (var j = 0; j < cols; j++)
            result[j * rows + i] = x[i * cols + j];
        return result;
    }
}
