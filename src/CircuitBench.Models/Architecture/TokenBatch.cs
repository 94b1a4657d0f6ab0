namespace CircuitBench.Models.Architecture;

/// <summary>
/// A right-padded batch of token sequences: <see cref="Ids"/> is [batch, seq] row-major; row b holds
/// <c>Lengths[b]</c> real tokens followed by padding (<see cref="PadId"/>). Attention never looks at
/// padding, so the real positions of every row compute exactly what they would alone.
/// </summary>
public sealed record TokenBatch
{
    /// <summary>Builds a batch from sequences of possibly different lengths.</summary>
    public TokenBatch(IReadOnlyList<int[]> sequences, int padId = 0)
    {
        if (sequences.Count == 0) throw new ArgumentException("A token batch needs at least one sequence.", nameof(sequences));
        for (var b = 0; b < sequences.Count; b++)
            if (sequences[b].Length == 0) throw new ArgumentException($"Sequence {b} of the batch is empty.", nameof(sequences));
        Batch = sequences.Count;
        Seq = sequences.Max(s => s.Length);
        PadId = padId;
        Lengths = sequences.Select(s => s.Length).ToArray();
        Ids = new int[Batch * Seq];
        Array.Fill(Ids, padId);
        for (var b = 0; b < Batch; b++) sequences[b].CopyTo(Ids, b * Seq);
    }

    /// <summary>Token ids [batch, seq], right-padded.</summary>
    public int[] Ids { get; }

    /// <summary>Number of sequences.</summary>
    public int Batch { get; }

    /// <summary>Padded length (the longest sequence).</summary>
    public int Seq { get; }

    /// <summary>Real (unpadded) length of each row.</summary>
    public int[] Lengths { get; }

    /// <summary>The id written into padding positions.</summary>
    public int PadId { get; }

    /// <summary>True when some row is shorter than <see cref="Seq"/>.</summary>
    public bool HasPadding => Lengths.Any(l => l < Seq);

    /// <summary>Position of each row's last real token.</summary>
    public int[] LastPositions => Lengths.Select(l => l - 1).ToArray();
}
