using CircuitBench.Models.Architecture;

namespace CircuitBench.Models.Training;

/// <summary>Token sequences with the next-token target of every position.</summary>
/// <param name="Tokens">The input batch [batch, seq].</param>
/// <param name="Targets">The target id of each position [batch·seq] (row-major), or <see cref="Ignore"/> where no loss is taken (padding, unpredictable positions).</param>
public sealed record TrainingBatch(TokenBatch Tokens, int[] Targets)
{
    /// <summary>The target of positions without a loss (PyTorch's <c>ignore_index</c> default).</summary>
    public const int Ignore = -100;

    /// <summary>Targets for next-token prediction: position t of row b predicts token t + 1; the last real position and padding are ignored.</summary>
    public static TrainingBatch NextToken(IReadOnlyList<int[]> sequences)
    {
        var tokens = new TokenBatch(sequences);
        var targets = new int[tokens.Batch * tokens.Seq];
        Array.Fill(targets, Ignore);
        for (var b = 0; b < tokens.Batch; b++)
            for (var t = 0; t + 1 < sequences[b].Length; t++)
                targets[b * tokens.Seq + t] = sequences[b][t + 1];
        return new TrainingBatch(tokens, targets);
    }
}
