using CircuitBench.Models.Architecture;
using CircuitBench.Tensors.Rng;

namespace CircuitBench.Models.Training;

/// <summary>
/// Induction data: rows [BOS, x₁…x_L, x₁…x_L] of uniform random tokens x from 1 … vocab − 1 (0 is BOS), with a
/// half length L drawn per row from [<paramref name="MinHalf"/>, <paramref name="MaxHalf"/>] so that the distance to
/// the earlier occurrence varies and only content-based copying (induction) predicts the second half; a fixed L
/// could be solved by attending to a fixed offset. The first half is unpredictable (loss ln(vocab − 1)); the second
/// half, after its first token, is predictable by induction.
/// </summary>
/// <param name="Vocab">Vocabulary size including BOS (token 0).</param>
/// <param name="MinHalf">Shortest half length L.</param>
/// <param name="MaxHalf">Longest half length L (rows are 2L + 1 tokens; the model needs n_ctx ≥ 2·MaxHalf + 1).</param>
/// <param name="EvaluationRows">Rows of the evaluation batch (all of half length <paramref name="MaxHalf"/>).</param>
public sealed record RepeatedTokensTask(int Vocab, int MinHalf, int MaxHalf, int EvaluationRows) : ISyntheticTask
{
    /// <summary>The BOS token id.</summary>
    public const int Bos = 0;

    /// <inheritdoc />
    public string Description =>
        $"[BOS, x1..xL, x1..xL] with L in [{MinHalf}, {MaxHalf}] and x uniform over {Vocab - 1} tokens; induction predicts the repeated half.";

    /// <inheritdoc />
    public TrainingBatch Rows(ulong seed, long firstRow, int rows) =>
        TrainingBatch.NextToken(Enumerable.Range(0, rows).Select(r =>
        {
            var rowSeed = StreamSeeds.Row(seed, firstRow + r);
            var half = MinHalf + CounterRng.NextInt(rowSeed, 0, MaxHalf - MinHalf + 1);
            return Sequence(rowSeed, half);
        }).ToArray());

    /// <summary>Evaluation rows of half length <see cref="MaxHalf"/> from stream <paramref name="seed"/>.</summary>
    public TrainingBatch EvaluationBatch(ulong seed) =>
        TrainingBatch.NextToken(Enumerable.Range(0, EvaluationRows).Select(r => Sequence(StreamSeeds.Row(seed, r), MaxHalf)).ToArray());

    /// <summary>
    /// Loss on the first half (targets x₁…x_L), on the repeated half after its first token (targets x₂…x_L of the
    /// repeat; x₁'s repeat follows x_L, which occurred nowhere before), the uniform baseline ln(vocab − 1), and the
    /// per-head previous-token and induction scores.
    /// </summary>
    public TaskEvaluation Evaluate(HookedTransformer model, ulong seed)
    {
        var batch = EvaluationBatch(seed);
        var scores = TargetScores.Of(model, batch);
        var (seq, half) = (batch.Tokens.Seq, MaxHalf);
        EvaluationMetric[] metrics =
        [
            new("first_half_loss", scores.MeanLoss(i => i % seq < half), "Mean cross-entropy predicting the first half's tokens x1..xL."),
            new("repeated_half_loss", scores.MeanLoss(i => i % seq > half && i % seq < 2 * half), "Mean cross-entropy predicting the repeated half's tokens x2..xL."),
            new("uniform_loss", Math.Log(Vocab - 1), "ln(vocab - 1): the loss of a uniform guess over the random tokens."),
            new("repeated_half_accuracy", scores.Accuracy(i => i % seq > half && i % seq < 2 * half), "Top-1 accuracy on the repeated half's tokens x2..xL."),
        ];
        return new TaskEvaluation(metrics, HeadScore.Measure(model, batch.Tokens));
    }

    private int[] Sequence(ulong rowSeed, int half)
    {
        var tokens = new int[2 * half + 1];
        tokens[0] = Bos;
        for (var j = 0; j < half; j++)
            tokens[1 + j] = tokens[1 + half + j] = 1 + CounterRng.NextInt(rowSeed, (ulong)(1 + j), Vocab - 1);
        return tokens;
    }
}
