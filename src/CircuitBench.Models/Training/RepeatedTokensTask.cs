using CircuitBench.Models.Architecture;
using CircuitBench.Tensors.Rng;

namespace CircuitBench.Models.Training;

/// <summary>
/// Induction data. Training rows are [BOS, x₁…x_L, x₁…x_L, x₁…] of <paramref name="Length"/> tokens: a segment of
/// uniform random tokens from 1 … vocab − 1 (0 is BOS) repeated until the row is full, with the period L drawn per row
/// from [<paramref name="MinPeriod"/>, (Length − 1)/2], so every row holds at least two copies. Because L varies, the
/// distance back to the earlier occurrence is unknown: attending to a fixed offset or to the middle of the row does
/// not predict the repeats; only content-based copying (a previous-token head feeding an induction head) does.
/// Evaluation rows are TransformerLens's [BOS, x₁…x_L, x₁…x_L] with L = (Length − 1)/2: the second half repeats the first.
/// </summary>
/// <param name="Vocab">Vocabulary size including BOS (token 0).</param>
/// <param name="MinPeriod">Shortest repeated segment.</param>
/// <param name="Length">Tokens per row including BOS (odd; the model needs n_ctx ≥ Length).</param>
/// <param name="EvaluationRows">Rows of the evaluation batch.</param>
public sealed record RepeatedTokensTask(int Vocab, int MinPeriod, int Length, int EvaluationRows) : ISyntheticTask
{
    /// <summary>The BOS token id.</summary>
    public const int Bos = 0;

    /// <summary>The half length L of the evaluation rows [BOS, x₁…x_L, x₁…x_L].</summary>
    public int Half => (Length - 1) / 2;

    /// <inheritdoc />
    public string Description =>
        $"[BOS, x1..xL repeated] of {Length} tokens, L in [{MinPeriod}, {Half}], x uniform over {Vocab - 1} tokens; evaluated on [BOS, x1..x{Half}, x1..x{Half}].";

    /// <inheritdoc />
    public TrainingBatch Rows(ulong seed, long firstRow, int rows) =>
        TrainingBatch.NextToken(Enumerable.Range(0, rows).Select(r =>
        {
            var rowSeed = StreamSeeds.Row(seed, firstRow + r);
            return Sequence(rowSeed, MinPeriod + CounterRng.NextInt(rowSeed, 0, Half - MinPeriod + 1));
        }).ToArray());

    /// <summary>Evaluation rows [BOS, x₁…x_L, x₁…x_L] (L = <see cref="Half"/>) from stream <paramref name="seed"/>.</summary>
    public TrainingBatch EvaluationBatch(ulong seed) =>
        TrainingBatch.NextToken(Enumerable.Range(0, EvaluationRows).Select(r => Sequence(StreamSeeds.Row(seed, r), Half)).ToArray());

    /// <summary>
    /// On the evaluation rows: loss on the first half (targets x₁…x_L), on the repeated half after its first token
    /// (targets x₂…x_L of the repeat; x₁'s repeat follows x_L, which occurred nowhere before), the uniform baseline
    /// ln(vocab − 1), the repeated half's accuracy, and the per-head previous-token and induction scores.
    /// </summary>
    public TaskEvaluation Evaluate(HookedTransformer model, ulong seed)
    {
        var batch = EvaluationBatch(seed);
        var scores = TargetScores.Of(model, batch);
        var (seq, half) = (batch.Tokens.Seq, Half);
        bool Repeated(int i) => i % seq > half && i % seq < 2 * half;
        EvaluationMetric[] metrics =
        [
            new("first_half_loss", scores.MeanLoss(i => i % seq < half), "Mean cross-entropy predicting the first half's tokens x1..xL."),
            new("repeated_half_loss", scores.MeanLoss(Repeated), "Mean cross-entropy predicting the repeated half's tokens x2..xL."),
            new("uniform_loss", Math.Log(Vocab - 1), "ln(vocab - 1): the loss of a uniform guess over the random tokens."),
            new("repeated_half_accuracy", scores.Accuracy(Repeated), "Top-1 accuracy on the repeated half's tokens x2..xL."),
        ];
        return new TaskEvaluation(metrics, HeadScore.Measure(model, batch.Tokens));
    }

    /// <summary>[BOS, then a random segment of <paramref name="period"/> tokens repeated to fill the row].</summary>
    private int[] Sequence(ulong rowSeed, int period)
    {
        var tokens = new int[Length];
        tokens[0] = Bos;
        for (var i = 0; i < Length - 1; i++)
            tokens[1 + i] = i < period ? 1 + CounterRng.NextInt(rowSeed, (ulong)(1 + i), Vocab - 1) : tokens[1 + i - period];
        return tokens;
    }
}
