namespace CircuitBench.Tensors;

/// <summary>
/// Key padding for <see cref="Ops.Attention"/>: batch row b holds <c>Lengths[b]</c> real tokens followed by
/// right padding. Keys at positions ≥ <c>Lengths[b]</c> are never attended to. Queries at padded positions
/// still attend (causally) to the row's real keys, so they stay finite, as in PyTorch with a key mask;
/// a row of length 0 has an all-zero pattern and output.
/// </summary>
public sealed class AttentionMask
{
    private readonly int[] _lengths;

    /// <summary>A mask from the real length of every batch row (each ≥ 0).</summary>
    public AttentionMask(ReadOnlySpan<int> lengths)
    {
        foreach (var length in lengths)
            if (length < 0) throw new ArgumentOutOfRangeException(nameof(lengths), $"Row lengths must be ≥ 0; got {length}.");
        _lengths = lengths.ToArray();
    }

    /// <summary>Real (unpadded) length of each batch row.</summary>
    public ReadOnlySpan<int> Lengths => _lengths;

    /// <summary>
    /// Number of keys query <paramref name="query"/> of batch row <paramref name="batch"/> sees: keys
    /// 0 … result − 1 (causal, and within the row's real tokens when a mask is given).
    /// </summary>
    public static int VisibleKeys(AttentionMask? mask, int batch, int query) =>
        mask is null ? query + 1 : Math.Min(query + 1, mask._lengths[batch]);

    /// <summary>Throws unless the mask has one length per batch row, none beyond <paramref name="seq"/>.</summary>
    internal void Check(int batch, int seq)
    {
        if (_lengths.Length != batch)
            throw new ArgumentException($"The attention mask has {_lengths.Length} row lengths for a batch of {batch}.");
        foreach (var length in _lengths)
            if (length > seq) throw new ArgumentException($"A row length of {length} exceeds the sequence length {seq}.");
    }
}
