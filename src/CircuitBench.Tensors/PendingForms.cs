namespace CircuitBench.Tensors;

/// <summary>
/// What a deferred tensor's contents (see <see cref="Tensor.Deferred"/>) will be, for kernels that can read the parts
/// instead of having the contents written out.
/// </summary>
internal abstract record PendingForm;

/// <summary>The contents are <paramref name="Source"/> broadcast to the tensor's shape (<see cref="Ops.ExpandLazily"/>).</summary>
internal sealed record BroadcastForm(Tensor Source) : PendingForm;

/// <summary>
/// The contents [rows, h, d] are <c>Rows[r, :] + Additions[FirstRow + i, r·d … (r+1)·d − 1]</c> for row r, head i
/// (<see cref="Ops.AddPerHead"/> of an uncopied expansion): <paramref name="Rows"/> [rows·d] elements, <paramref name="Additions"/> [n, rows·d].
/// </summary>
internal sealed record HeadAdditionForm(Tensor Rows, Tensor Additions, int FirstRow) : PendingForm
{
    /// <summary>Writes row <paramref name="row"/> of head <paramref name="head"/> (width <paramref name="d"/>) to <paramref name="dst"/>.</summary>
    public void HeadRow(int head, int row, int d, Span<float> dst)
    {
        var rows = Rows.Size / d;
        System.Numerics.Tensors.TensorPrimitives.Add(Rows.Data.Slice(row * d, d), Additions.Data.Slice(((FirstRow + head) * rows + row) * d, d), dst);
    }
}
