namespace CircuitBench.Tensors;

/// <summary>
/// What a deferred tensor's contents (see <see cref="Tensor.Deferred"/>) will be: written out by <see cref="WriteTo"/>
/// the first time they are read, or read in parts by kernels that know the form.
/// </summary>
internal abstract record PendingForm
{
    /// <summary>Writes the contents to <paramref name="destination"/>.</summary>
    public abstract void WriteTo(float[] destination);
}

/// <summary>The contents are <paramref name="Source"/> broadcast to <paramref name="Shape"/> (<see cref="Ops.ExpandLazily"/>).</summary>
internal sealed record BroadcastForm(Tensor Source, int[] Shape) : PendingForm
{
    public override void WriteTo(float[] destination) => Broadcasting.MaterializeInto(Source, Shape, destination);
}

/// <summary>
/// Contents [rows, h, d] = <c>input(r, i) + Additions[FirstRow + i, r·d … (r+1)·d − 1]</c> for row r, head i
/// (<see cref="Ops.AddPerHead"/>), where input(r, i) is <paramref name="Input"/>[r, i, :], or, when
/// <paramref name="SharedRows"/>, the one row <paramref name="Input"/>[r, :] every head shares. Additions [n, rows·d].
/// </summary>
internal sealed record HeadAdditionForm(Tensor Input, bool SharedRows, Tensor Additions, int FirstRow, int Heads, int D) : PendingForm
{
    private int Rows => Additions.Shape[1] / D;

    /// <summary>Writes row <paramref name="row"/> of head <paramref name="head"/> to <paramref name="dst"/> [d].</summary>
    public void HeadRow(int head, int row, Span<float> dst) =>
        System.Numerics.Tensors.TensorPrimitives.Add(Input.Data.Slice((SharedRows ? row : row * Heads + head) * D, D),
            Additions.Data.Slice(((FirstRow + head) * Rows + row) * D, D), dst);

    public override void WriteTo(float[] destination) =>
        ParallelChunks.For(Rows, 1, Heads * D, (start, count) =>
        {
            for (var r = start; r < start + count; r++)
            for (var i = 0; i < Heads; i++)
                HeadRow(i, r, destination.AsSpan((r * Heads + i) * D, D));
        });
}
