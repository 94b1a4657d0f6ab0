using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Ops;

public class ShapeOpTests
{
    [Fact]
    public void Reshape_is_a_view_with_the_same_elements_and_infers_minus_one()
    {
        var x = Reference.Random(30, 2, 3, 4);
        var y = Tensors.Ops.Reshape(x, 6, -1);
        Assert.Equal([6, 4], y.Shape.ToArray());
        Assert.Equal(x.ToArray(), y.ToArray());
        GradCheck.Check(t => Tensors.Ops.Reshape(t[0], 4, 6), [Reference.Random(31, 2, 3, 4)]);
        Assert.Throws<ArgumentException>(() => Tensors.Ops.Reshape(x, 5, -1));
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4 }, new[] { 2, 0, 1 })]
    [InlineData(new[] { 2, 3, 4, 5 }, new[] { 0, 2, 1, 3 })]
    [InlineData(new[] { 2, 3, 4, 5 }, new[] { 3, 1, 0, 2 })]
    [InlineData(new[] { 5, 7 }, new[] { 1, 0 })]
    public void Permute_matches_index_reference_and_its_gradient(int[] shape, int[] order)
    {
        var x = Reference.Random(32, shape);
        var y = Tensors.Ops.Permute(x, order);
        var outShape = order.Select(o => shape[o]).ToArray();
        Assert.Equal(outShape, y.Shape.ToArray());
        var strides = Reference.Strides(shape);
        var expected = new double[x.Size];
        for (var i = 0; i < expected.Length; i++)
        {
            var idx = Reference.Unravel(i, outShape);
            var src = 0;
            for (var d = 0; d < idx.Length; d++) src += idx[d] * strides[order[d]];
            expected[i] = x.Data[src];
        }
        Reference.AssertClose(expected, y, 0, 0);
        GradCheck.Check(t => Tensors.Ops.Permute(t[0], order), [Reference.Random(33, shape)]);
    }

    [Fact]
    public void Expand_copies_along_broadcast_dimensions_and_sums_the_gradient_back()
    {
        var x = Reference.Random(47, 2, 1, 3);
        var y = Tensors.Ops.Expand(x, 2, 4, 3);
        Assert.Equal([2, 4, 3], y.Shape.ToArray());
        for (var i = 0; i < 2; i++)
        for (var j = 0; j < 4; j++)
            Assert.Equal(x.Data.Slice(i * 3, 3).ToArray(), y.Data.Slice((i * 4 + j) * 3, 3).ToArray());
        GradCheck.Check(t => Tensors.Ops.Expand(t[0], 5, 2, 4, 3), [Reference.Random(48, 2, 1, 3)]);
        Assert.Throws<ArgumentException>(() => Tensors.Ops.Expand(x, 2, 4, 2));
        var column = Reference.Random(49, 3, 1);                                   // the last axis broadcast too
        var wide = Tensors.Ops.Expand(column, 2, 3, 4);
        for (var k = 0; k < wide.Size; k++) Assert.Equal(column.Data[k / 4 % 3], wide.Data[k]);
    }

    [Fact]
    public void ExpandLazily_equals_Expand_and_copies_once_when_first_read()
    {
        var x = Reference.Random(50, 2, 1, 3);
        var lazy = Tensors.Ops.ExpandLazily(x, 2, 4, 3);
        Assert.True(lazy.ContentsPending);
        Assert.Equal([2, 4, 3], lazy.Shape.ToArray());
        var reads = new float[8][];
        Parallel.For(0, reads.Length, i => reads[i] = lazy.ToArray());           // racing first reads all see the whole copy
        Assert.False(lazy.ContentsPending);
        var eager = Tensors.Ops.Expand(x, 2, 4, 3).ToArray();
        Assert.All(reads, r => Assert.Equal(eager, r));
        GradCheck.Check(t => Tensors.Ops.ExpandLazily(t[0], 5, 2, 4, 3), [Reference.Random(51, 2, 1, 3)]);
        Assert.Throws<ArgumentException>(() => Tensors.Ops.ExpandLazily(x, 2, 4, 2));
        var unread = Tensors.Ops.ExpandLazily(x, 2, 4, 3);
        unread.Dispose();                                                          // never read: nothing copied, storage returned
        Assert.False(unread.ContentsPending);
        Assert.Throws<ObjectDisposedException>(() => unread.ToArray());
    }

    [Fact]
    public void Branch_passes_values_and_only_its_own_gradient()
    {
        var x = Reference.Random(49, 3);
        x.RequiresGrad = true;
        using var tape = CircuitBench.Tensors.Autograd.GradTape.Begin();
        var branch = Tensors.Ops.Branch(x);
        Assert.NotSame(x, branch);
        Assert.Equal(x.ToArray(), branch.ToArray());
        float[]? branchGrad = null;
        branch.RegisterGradHook(g => branchGrad = g.ToArray());
        tape.Backward(Tensors.Ops.Sum(Tensors.Ops.Add(Tensors.Ops.Scale(branch, 2f), x)));
        Assert.Equal([2f, 2f, 2f], branchGrad!);
        Assert.Equal([3f, 3f, 3f], x.Grad!.ToArray());
    }

    [Fact]
    public void Transpose_swaps_two_axes()
    {
        var x = Reference.Random(34, 2, 3, 4);
        var y = Tensors.Ops.Transpose(x, 0, -1);
        Assert.Equal([4, 3, 2], y.Shape.ToArray());
        Assert.Equal(x.Data[1 * 12 + 2 * 4 + 3], y.Data[3 * 6 + 2 * 2 + 1]);
    }

    [Fact]
    public void Narrow_takes_a_slice_and_scatters_its_gradient_back()
    {
        var x = Reference.Random(35, 3, 5, 2);
        var y = Tensors.Ops.Narrow(x, 1, 1, 3);
        Assert.Equal([3, 3, 2], y.Shape.ToArray());
        for (var i = 0; i < 3; i++)
        for (var j = 0; j < 3; j++)
        for (var k = 0; k < 2; k++)
            Assert.Equal(x.Data[i * 10 + (j + 1) * 2 + k], y.Data[i * 6 + j * 2 + k]);
        GradCheck.Check(t => Tensors.Ops.Narrow(t[0], 1, 1, 3), [Reference.Random(36, 3, 5, 2)]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensors.Ops.Narrow(x, 1, 3, 3));
    }

    [Fact]
    public void Concat_joins_along_an_axis_and_splits_the_gradient()
    {
        var a = Reference.Random(37, 2, 1, 3);
        var b = Reference.Random(38, 2, 4, 3);
        var y = Tensors.Ops.Concat([a, b], 1);
        Assert.Equal([2, 5, 3], y.Shape.ToArray());
        Assert.Equal(a.Data[3 + 2], y.Data[15 + 2]);
        Assert.Equal(b.Data[12 + 3 * 3 + 1], y.Data[15 + 4 * 3 + 1]);
        GradCheck.Check(t => Tensors.Ops.Concat(t, 1), [Reference.Random(39, 2, 1, 3), Reference.Random(40, 2, 4, 3)]);
        GradCheck.Check(t => Tensors.Ops.Concat(t, -1), [Reference.Random(41, 2, 2), Reference.Random(42, 2, 3)]);
        Assert.Throws<ArgumentException>(() => Tensors.Ops.Concat([a, Tensor.Zeros(3, 1, 3)], 1));
    }

    [Fact]
    public void Embedding_looks_up_rows_and_accumulates_repeated_ids()
    {
        var table = Reference.Random(43, 5, 3);
        int[] ids = [4, 0, 4, 2, 1, 4];
        var y = Tensors.Ops.Embedding(table, ids, 2, 3);
        Assert.Equal([2, 3, 3], y.Shape.ToArray());
        for (var i = 0; i < ids.Length; i++)
            Assert.Equal(table.Data.Slice(ids[i] * 3, 3).ToArray(), y.Data.Slice(i * 3, 3).ToArray());
        GradCheck.Check(t => Tensors.Ops.Embedding(t[0], ids, 2, 3), [Reference.Random(44, 5, 3)]);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Tensors.Ops.Embedding(table, [5], 1));
        Assert.Contains("Token id 5", ex.Message);
    }

    [Fact]
    public void SelectPositions_picks_one_position_per_row()
    {
        var x = Reference.Random(45, 3, 4, 2);
        int[] pos = [3, 0, 2];
        var y = Tensors.Ops.SelectPositions(x, pos);
        Assert.Equal([3, 2], y.Shape.ToArray());
        for (var b = 0; b < 3; b++) Assert.Equal(x.Data.Slice((b * 4 + pos[b]) * 2, 2).ToArray(), y.Data.Slice(b * 2, 2).ToArray());
        Assert.Equal(x.Data.Slice((1 * 4 + 3) * 2, 2).ToArray(), Tensors.Ops.LastPosition(x).Data.Slice(2, 2).ToArray());
        GradCheck.Check(t => Tensors.Ops.SelectPositions(t[0], pos), [Reference.Random(46, 3, 4, 2)]);
    }
}
